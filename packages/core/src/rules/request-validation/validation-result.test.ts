import { type z } from 'zod';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../errors';
import { toValidationError } from './validation-result';

describe('toValidationError', () => {
  it('ranks and lists any number of issues (a 4 MB body can hold over 100,000 bad recipients)', () => {
    const issues: z.core.$ZodIssue[] = Array.from({ length: 200_000 }, (_, i) => ({ code: 'custom', message: 'bad', path: ['recipients', i], input: {} }));
    issues.push({ code: 'too_big', origin: 'array', maximum: 50, inclusive: true, message: 'must have at most 50 items', path: ['recipients'], input: [] });
    const error = toValidationError(issues, (issue) => (issue.code === 'too_big' ? 'too_many_recipients' : 'invalid_recipient'));
    expect(error.message).toBe(MESSAGES.too_many_recipients);
    expect(error.errors).toHaveLength(200_001);
    expect(error.errors[199_999]).toBe('recipients[199999]: bad');
  });
});
