import { describe, expect, it } from 'vitest';
import { audienceExpressionSchema, CUSTOM_ATTRIBUTE_COMPARISONS, MAX_AUDIENCE_EXPRESSIONS } from './audience.schema';
import { formatIssue, PARSE_OPTIONS } from './issue-messages.schema';

function errorsOf(input: unknown): string[] {
  const result = audienceExpressionSchema.safeParse(input, PARSE_OPTIONS);
  return result.success ? [] : result.error.issues.map((issue) => formatIssue(issue, ['audience']));
}

const ca = (comparison: string, value?: unknown) => ({ custom_attribute: { custom_attribute_name: 'plan', comparison, ...(value === undefined ? {} : { value }) } });

describe('audienceExpressionSchema', () => {
  it('accepts nested AND/OR of every filter kind', () => {
    const input = {
      AND: [
        ca('equals', 'gold'),
        { OR: [ca('greater_than', 3), ca('includes_value', ['a', 'b']), ca('is_any_of', ['x', 'y']), ca('is_none_of', 'z')] },
        { push_subscription_status: { comparison: 'is', value: 'opted_in' } },
        { email_subscription_status: { comparison: 'is_not', value: 'unsubscribed' } },
        { last_used_app: { comparison: 'after', value: '2024-01-01T00:00:00Z' } },
        ca('less_than_x_days_ago', 3),
        ca('before', '2024-05-01'),
        ca('matches_regex', '^g(o|a)ld$'),
      ],
    };
    expect(audienceExpressionSchema.parse(input)).toEqual(input);
  });

  it('knows every comparison of spec 6', () => {
    expect(CUSTOM_ATTRIBUTE_COMPARISONS).toContain('does_not_equal');
    expect(CUSTOM_ATTRIBUTE_COMPARISONS).toContain('not_equal');
    expect(CUSTOM_ATTRIBUTE_COMPARISONS).toHaveLength(21);
  });

  it('drops a value given with exists / does_not_exist', () => {
    expect(audienceExpressionSchema.parse(ca('exists', 'ignored'))).toEqual(ca('exists'));
  });

  it('requires a value for other comparisons', () => {
    expect(errorsOf(ca('equals'))).toEqual(['audience.custom_attribute.value: required']);
  });

  it('rejects unknown comparisons at their path', () => {
    expect(errorsOf({ AND: [ca('equals', 1), ca('sounds_like', 'x')] })).toEqual(['audience.AND[1].custom_attribute.comparison: unknown value "sounds_like"']);
    const huge = 'x'.repeat(1_000_000);
    expect(errorsOf(ca(huge, 'x'))).toEqual([`audience.custom_attribute.comparison: unknown value "${'x'.repeat(63)}… (1000002 characters)`]);
  });

  it('rejects empty AND/OR, several keys, no key, non-objects', () => {
    expect(errorsOf({ AND: [] })).toEqual(['audience.AND: must not be empty']);
    expect(errorsOf({ AND: [ca('exists')], OR: [ca('exists')] })[0]).toMatch(/^audience: must have exactly one of/);
    expect(errorsOf({})[0]).toMatch(/^audience: must have one of/);
    expect(errorsOf('x')).toEqual(['audience: must be an object']);
  });

  // Rev 2: one string or a non-empty array of strings, for the any-of and the array comparisons alike.
  it.each(['is_any_of', 'is_none_of', 'includes_value', 'does_not_include_value'])('%s takes a single string or an array of strings, nothing else', (comparison) => {
    expect(errorsOf(ca(comparison, 'gold'))).toEqual([]);
    expect(errorsOf(ca(comparison, ['gold', 'silver']))).toEqual([]);
    expect(errorsOf(ca(comparison, ['gold', 2]))).toEqual(['audience.custom_attribute.value: must be a string or a non-empty array of strings']);
    expect(errorsOf(ca(comparison, 2))).toEqual(['audience.custom_attribute.value: must be a string or a non-empty array of strings']);
    expect(errorsOf(ca(comparison, []))).toEqual(['audience.custom_attribute.value: must not be empty']);
  });

  it('rejects empty is_any_of arrays and bad time values', () => {
    expect(errorsOf(ca('is_any_of', []))).toEqual(['audience.custom_attribute.value: must not be empty']);
    expect(errorsOf(ca('after', 'yesterday'))).toEqual(['audience.custom_attribute.value: must be an ISO-8601 date or time']);
    expect(errorsOf(ca('less_than_x_days_ago', '3'))).toHaveLength(1);
  });

  it('rejects invalid regular expressions, including backtracking-only features', () => {
    expect(errorsOf(ca('matches_regex', '(unclosed'))[0]).toMatch(/^audience.custom_attribute.value: invalid regular expression/);
    expect(errorsOf(ca('does_not_match_regex', '(?<=a)b'))).toHaveLength(1);
  });

  it('bounds regex work: 400 characters per pattern, 500 instructions per pattern, 1,000 per audience', () => {
    expect(errorsOf(ca('matches_regex', 'a'.repeat(401)))).toEqual([
      'audience.custom_attribute.value: invalid regular expression: longer than 400 characters (the longest pattern accepted)',
    ]);
    expect(errorsOf(ca('matches_regex', '(.*){1000}'))[0]).toMatch(/^audience.custom_attribute.value: invalid regular expression: too complex: compiles to 4002 instructions, more than 500/);
    const heavy = (tag: string) => ca('matches_regex', `(${tag}bcxy.*){50}`); // 452 instructions each
    expect(errorsOf({ AND: [heavy('a'), heavy('b')] })).toEqual([]);
    expect(errorsOf({ AND: [heavy('a'), { OR: [heavy('b'), heavy('c')] }] })).toEqual(['audience: its regex patterns must compile to at most 1000 instructions in all']);
  });

  it('rejects hostile nesting depth without throwing', () => {
    let deep: unknown = ca('exists');
    for (let i = 0; i < 10_000; i += 1) deep = { AND: [deep] };
    expect(errorsOf(deep)[0]).toMatch(/must not nest deeper than/);
  });

  it('bounds the number of expressions, answering one problem rather than one per node', () => {
    const filters = (n: number) => Array.from({ length: n }, () => ca('exists'));
    expect(errorsOf({ AND: filters(MAX_AUDIENCE_EXPRESSIONS - 1) })).toEqual([]);
    expect(errorsOf({ AND: filters(MAX_AUDIENCE_EXPRESSIONS) })).toEqual([`audience: must not hold more than ${MAX_AUDIENCE_EXPRESSIONS} expressions`]);
    expect(errorsOf({ OR: Array.from({ length: 1_000_000 }, () => ({})) })).toHaveLength(1);
  });
});
