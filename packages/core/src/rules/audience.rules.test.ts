import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ABSOLUTE_TIME_COMPARISONS,
  ANY_OF_COMPARISONS,
  ARRAY_COMPARISONS,
  EQUALITY_COMPARISONS,
  EXISTENCE_COMPARISONS,
  NUMBER_COMPARISONS,
  REGEX_COMPARISONS,
  RELATIVE_TIME_COMPARISONS,
  SUBSCRIPTION_COMPARISONS,
  SUBSCRIPTION_STATUSES,
  audienceExpressionSchema,
  type AudienceExpression,
  type CustomAttributeFilter,
} from '../schema/audience.schema';
import { toAttributeRecord } from './attributes.rules';
import { evaluateAudience, type EvaluationOptions, type EvaluationProfile } from './audience.rules';
import { parseIsoTime } from './iso-time.rules';

const NOW = new Date('2024-06-15T12:00:00Z');
const AUDIENCE: EvaluationOptions = { now: NOW, scope: 'audience' };
const SEGMENT: EvaluationOptions = { now: NOW, scope: 'segment' };
const DAY = 86_400_000;
const daysFromNow = (days: number): string => new Date(NOW.getTime() + days * DAY).toISOString();

const profile = (attributes: Record<string, unknown>, last_used_app?: string | Date): EvaluationProfile => ({ attributes, last_used_app });
const custom = (filter: CustomAttributeFilter): AudienceExpression => ({ custom_attribute: filter });
/** Evaluates one custom_attribute filter against `{attr: stored}` (or a profile without it when stored is undefined). */
const check = (comparison: CustomAttributeFilter['comparison'], stored: unknown, value?: unknown, options = AUDIENCE): boolean =>
  evaluateAudience(
    custom({ custom_attribute_name: 'attr', comparison, value } as CustomAttributeFilter),
    profile(stored === undefined ? {} : { attr: stored }),
    options,
  );

describe('evaluateAudience: existence', () => {
  it.each([['text'], [''], [0], [false], [[]], [{ a: 1 }]])('exists is true for %j', (stored) => {
    expect(check('exists', stored)).toBe(true);
    expect(check('does_not_exist', stored)).toBe(false);
  });

  it.each([[undefined], [null]])('does_not_exist is true for %j', (stored) => {
    expect(check('exists', stored)).toBe(false);
    expect(check('does_not_exist', stored)).toBe(true);
  });
});

describe('evaluateAudience: equality', () => {
  it.each([
    ['equals', 'pro', 'pro', true],
    ['equals', 'pro', 'Pro', false],
    ['equals', 5, 5, true],
    ['equals', 5, '5', false],
    ['equals', true, true, true],
    ['equals', false, true, false],
    ['equals', ['pro'], 'pro', false],
    ['not_equal', 'pro', 'free', true],
    ['not_equal', 'pro', 'pro', false],
    ['not_equal', 5, 6, true],
    ['not_equal', 5, '6', false],
    ['not_equal', true, false, true],
    ['does_not_equal', true, false, true],
    ['does_not_equal', true, true, false],
    ['does_not_equal', 'a', 'b', true],
    ['does_not_equal', 1, true, false],
  ] as const)('%s: stored %j vs %j → %s', (comparison, stored, value, expected) => {
    expect(check(comparison, stored, value)).toBe(expected);
  });

  it('an absent attribute matches neither equals nor not_equal', () => {
    expect(check('equals', undefined, 'x')).toBe(false);
    expect(check('not_equal', undefined, 'x')).toBe(false);
    expect(check('does_not_equal', null, true)).toBe(false);
  });
});

describe('evaluateAudience: regex', () => {
  it('matches_regex / does_not_match_regex on strings', () => {
    expect(check('matches_regex', 'gold-member', '^gold')).toBe(true);
    expect(check('matches_regex', 'silver', '^gold')).toBe(false);
    expect(check('does_not_match_regex', 'silver', '^gold')).toBe(true);
    expect(check('does_not_match_regex', 'gold', '^gold')).toBe(false);
  });

  it('is case-sensitive unless the pattern asks otherwise', () => {
    expect(check('matches_regex', 'GOLD', 'gold')).toBe(false);
    expect(check('matches_regex', 'GOLD', '(?i)gold')).toBe(true);
  });

  it('is false for non-strings, absent values and invalid patterns', () => {
    expect(check('matches_regex', 42, '4')).toBe(false);
    expect(check('does_not_match_regex', 42, 'x')).toBe(false);
    expect(check('does_not_match_regex', undefined, 'x')).toBe(false);
    expect(check('matches_regex', 'a', '(')).toBe(false);
    expect(check('does_not_match_regex', 'a', '(?<=a)b')).toBe(false);
  });

  it('evaluates ^(a+)+$ against 10,000 a + b in well under 100 ms (linear time)', () => {
    const attack = `${'a'.repeat(10_000)}b`;
    const expression = custom({ custom_attribute_name: 'attr', comparison: 'matches_regex', value: '^(a+)+$' });
    const started = performance.now();
    const result = evaluateAudience(expression, profile({ attr: attack }), AUDIENCE);
    const elapsed = performance.now() - started;
    expect(result).toBe(false);
    expect(elapsed).toBeLessThan(100);
  });
});

describe('evaluateAudience: numbers', () => {
  it.each([
    ['greater_than', 5, 4, true],
    ['greater_than', 5, 5, false],
    ['greater_than_or_equal_to', 5, 5, true],
    ['greater_than_or_equal_to', 4.9, 5, false],
    ['less_than', 4, 5, true],
    ['less_than', 5, 5, false],
    ['less_than_or_equal_to', 5, 5, true],
    ['less_than_or_equal_to', 6, 5, false],
    ['greater_than', '10', 5, false],
    ['less_than', true, 5, false],
    ['less_than', undefined, 5, false],
    ['greater_than', '2024-06-01', 5, false],
  ] as const)('%s: stored %j vs %j → %s', (comparison, stored, value, expected) => {
    expect(check(comparison, stored, value)).toBe(expected);
  });
});

describe('evaluateAudience: arrays', () => {
  it.each([
    ['includes_value', ['a', 'b'], 'a', true],
    ['includes_value', ['a', 'b'], 'c', false],
    ['includes_value', ['a', 'b'], ['c', 'b'], true],
    ['includes_value', ['a', 'b'], ['c', 'd'], false],
    ['does_not_include_value', ['a', 'b'], 'c', true],
    ['does_not_include_value', ['a', 'b'], 'a', false],
    ['does_not_include_value', ['a', 'b'], ['c', 'd'], true],
    ['does_not_include_value', ['a', 'b'], ['c', 'a'], false],
    ['includes_value', [], 'a', false],
    ['does_not_include_value', [], 'a', true],
    ['includes_value', 'a', 'a', false],
    ['does_not_include_value', 'a', 'b', false],
    ['does_not_include_value', undefined, 'b', false],
  ] as const)('%s: stored %j vs %j → %s', (comparison, stored, value, expected) => {
    expect(check(comparison, stored, value)).toBe(expected);
  });
});

describe('evaluateAudience: is_any_of / is_none_of (Rev 2)', () => {
  it.each([
    ['is_any_of', 'b', ['a', 'b'], true],
    ['is_any_of', 'b', 'b', true],
    ['is_any_of', 'c', ['a', 'b'], false],
    ['is_any_of', 'c', 'b', false],
    ['is_none_of', 'c', ['a', 'b'], true],
    ['is_none_of', 'c', 'a', true],
    ['is_none_of', 'a', ['a', 'b'], false],
    ['is_none_of', 'a', 'a', false],
    // on an array attribute: exactly includes_value / does_not_include_value
    ['is_any_of', ['x', 'a'], ['a', 'b'], true],
    ['is_any_of', ['x', 'a'], 'a', true],
    ['is_any_of', ['x'], ['a', 'b'], false],
    ['is_any_of', [], 'a', false],
    ['is_none_of', ['a'], ['x'], true],
    ['is_none_of', ['a', 'x'], ['x', 'y'], false],
    ['is_none_of', [], 'a', true],
    // an absent attribute is none of anything
    ['is_none_of', undefined, ['x'], true],
    ['is_none_of', null, 'x', true],
    ['is_any_of', undefined, ['x'], false],
    ['is_any_of', null, 'x', false],
    // number, boolean and time attributes: false either way
    ['is_any_of', 2, ['2'], false],
    ['is_none_of', 3, ['1'], false],
    ['is_any_of', true, ['true'], false],
    ['is_none_of', true, ['x'], false],
    ['is_any_of', '2024-05-01T10:00:00Z', ['2024-05-01T10:00:00Z'], false],
    ['is_none_of', '2024-05-01', 'x', false],
    ['is_none_of', { a: 1 }, 'x', false],
  ] as const)('%s: stored %j vs %j → %s', (comparison, stored, value, expected) => {
    expect(check(comparison, stored, value)).toBe(expected);
  });

  it('behaves on an array attribute exactly as includes_value / does_not_include_value, for any values', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 4 }), fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })), (stored, value) => {
        expect(check('is_any_of', stored, value)).toBe(check('includes_value', stored, value));
        expect(check('is_none_of', stored, value)).toBe(check('does_not_include_value', stored, value));
      }),
    );
  });

  // The law of spec 6: on a present string attribute (not a time), is_none_of is the negation of is_any_of.
  it('is_none_of is the negation of is_any_of on present string attributes', () => {
    const stringAttribute = fc.oneof(text, fc.string()).filter((value) => parseIsoTime(value) === undefined);
    fc.assert(
      fc.property(stringAttribute, fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 4 })), fc.constantFrom(AUDIENCE, SEGMENT), (stored, value, options) => {
        expect(check('is_none_of', stored, value, options)).toBe(!check('is_any_of', stored, value, options));
      }),
      { numRuns: 500 },
    );
  });
});

describe('evaluateAudience: relative times', () => {
  it.each([
    ['less_than_x_days_ago', daysFromNow(-2), 3, true],
    ['less_than_x_days_ago', daysFromNow(-4), 3, false],
    ['less_than_x_days_ago', daysFromNow(1), 3, false],
    ['less_than_x_days_ago', NOW.toISOString(), 0.5, true],
    ['greater_than_x_days_ago', daysFromNow(-4), 3, true],
    ['greater_than_x_days_ago', daysFromNow(-2), 3, false],
    ['greater_than_x_days_ago', daysFromNow(-3), 3, false],
    ['less_than_x_days_in_the_future', daysFromNow(2), 3, true],
    ['less_than_x_days_in_the_future', daysFromNow(4), 3, false],
    ['less_than_x_days_in_the_future', daysFromNow(-1), 3, false],
    ['greater_than_x_days_in_the_future', daysFromNow(4), 3, true],
    ['greater_than_x_days_in_the_future', daysFromNow(2), 3, false],
    ['greater_than_x_days_ago', '2024-06-01', 7, true],
    ['less_than_x_days_ago', '2024-06-15T13:00:00+02:00', 1, true],
    ['less_than_x_days_ago', 'yesterday', 3, false],
    ['less_than_x_days_ago', 1_718_000_000_000, 3, false],
    ['greater_than_x_days_ago', undefined, 3, false],
  ] as const)('%s: stored %j, %s days → %s', (comparison, stored, days, expected) => {
    expect(check(comparison, stored, days)).toBe(expected);
  });

  it('reads a {$time} marker as a time', () => {
    expect(check('less_than_x_days_ago', { $time: daysFromNow(-1) }, 2)).toBe(true);
  });

  it('is false when now is not a valid date', () => {
    expect(check('less_than_x_days_ago', daysFromNow(-1), 2, { now: new Date(Number.NaN), scope: 'audience' })).toBe(false);
  });
});

describe('evaluateAudience: absolute times', () => {
  it.each([
    ['after', '2024-06-02T00:00:00Z', '2024-06-01', true],
    ['after', '2024-06-01', '2024-06-01T00:00:00Z', false],
    ['before', '2024-05-31T23:59:59Z', '2024-06-01', true],
    ['before', '2024-06-01T02:00:00+02:00', '2024-06-01T00:00:00Z', false],
    ['after', '2024-06-01T02:00:01+02:00', '2024-06-01T00:00:00Z', true],
    ['after', 'not a time', '2024-06-01', false],
    ['before', 20240601, '2024-06-02', false],
    ['after', undefined, '2024-06-01', false],
  ] as const)('%s: stored %j vs %j → %s', (comparison, stored, value, expected) => {
    expect(check(comparison, stored, value)).toBe(expected);
  });

  it('a time string still compares as a string with equals', () => {
    expect(check('equals', '2024-06-01', '2024-06-01')).toBe(true);
    expect(check('equals', '2024-06-01', '2024-06-01T00:00:00Z')).toBe(false);
  });
});

describe('evaluateAudience: scope', () => {
  const attributes = { gender: 'F', country: 'NO', email: 'a@example.com', plan: 'pro' };

  it('hides standard attributes in a request audience, where they behave as absent', () => {
    const gender = custom({ custom_attribute_name: 'gender', comparison: 'equals', value: 'F' });
    expect(evaluateAudience(gender, profile(attributes), AUDIENCE)).toBe(false);
    expect(evaluateAudience(custom({ custom_attribute_name: 'country', comparison: 'does_not_exist' }), profile(attributes), AUDIENCE)).toBe(true);
    expect(evaluateAudience(custom({ custom_attribute_name: 'plan', comparison: 'equals', value: 'pro' }), profile(attributes), AUDIENCE)).toBe(true);
  });

  it('shows standard attributes in a campaign segment', () => {
    expect(evaluateAudience(custom({ custom_attribute_name: 'gender', comparison: 'equals', value: 'F' }), profile(attributes), SEGMENT)).toBe(true);
    expect(evaluateAudience(custom({ custom_attribute_name: 'email', comparison: 'exists' }), profile(attributes), SEGMENT)).toBe(true);
  });

  it('never reads inherited properties as attributes', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(evaluateAudience(custom({ custom_attribute_name: name, comparison: 'exists' }), profile({}), SEGMENT)).toBe(false);
    }
  });

  it('reads __proto__ and constructor stored as data', () => {
    const stored = toAttributeRecord(JSON.parse('{"__proto__": "x", "constructor": 3}') as Record<string, unknown>);
    expect(evaluateAudience(custom({ custom_attribute_name: '__proto__', comparison: 'equals', value: 'x' }), profile(stored), AUDIENCE)).toBe(true);
    expect(evaluateAudience(custom({ custom_attribute_name: 'constructor', comparison: 'greater_than', value: 2 }), profile(stored), AUDIENCE)).toBe(true);
  });
});

describe('evaluateAudience: subscription status', () => {
  const push = (comparison: 'is' | 'is_not', value: 'opted_in' | 'subscribed' | 'unsubscribed'): AudienceExpression => ({ push_subscription_status: { comparison, value } });
  const email = (comparison: 'is' | 'is_not', value: 'opted_in' | 'subscribed' | 'unsubscribed'): AudienceExpression => ({ email_subscription_status: { comparison, value } });

  it('compares the stored status', () => {
    expect(evaluateAudience(push('is', 'opted_in'), profile({ push_subscribe: 'opted_in' }), AUDIENCE)).toBe(true);
    expect(evaluateAudience(push('is', 'subscribed'), profile({ push_subscribe: 'opted_in' }), AUDIENCE)).toBe(false);
    expect(evaluateAudience(push('is_not', 'unsubscribed'), profile({ push_subscribe: 'opted_in' }), AUDIENCE)).toBe(true);
    expect(evaluateAudience(email('is', 'unsubscribed'), profile({ email_subscribe: 'unsubscribed' }), AUDIENCE)).toBe(true);
    expect(evaluateAudience(email('is_not', 'unsubscribed'), profile({ email_subscribe: 'unsubscribed' }), AUDIENCE)).toBe(false);
  });

  it('treats a missing status as subscribed', () => {
    expect(evaluateAudience(push('is', 'subscribed'), profile({}), AUDIENCE)).toBe(true);
    expect(evaluateAudience(email('is', 'subscribed'), profile({}), AUDIENCE)).toBe(true);
    expect(evaluateAudience(email('is_not', 'subscribed'), profile({ email_subscribe: null }), AUDIENCE)).toBe(false);
  });

  it('keeps the channels apart', () => {
    expect(evaluateAudience(email('is', 'unsubscribed'), profile({ push_subscribe: 'unsubscribed' }), AUDIENCE)).toBe(false);
  });
});

describe('evaluateAudience: last_used_app', () => {
  const lastUsed = (comparison: 'after' | 'before', value: string): AudienceExpression => ({ last_used_app: { comparison, value } });

  it('compares the profile field', () => {
    expect(evaluateAudience(lastUsed('after', '2024-06-01'), profile({}, '2024-06-10T00:00:00Z'), AUDIENCE)).toBe(true);
    expect(evaluateAudience(lastUsed('before', '2024-06-01'), profile({}, '2024-06-10T00:00:00Z'), AUDIENCE)).toBe(false);
    expect(evaluateAudience(lastUsed('before', '2024-06-01'), profile({}, new Date('2024-05-01T00:00:00Z')), AUDIENCE)).toBe(true);
  });

  it('is false when the user never used an app, whatever an attribute says', () => {
    expect(evaluateAudience(lastUsed('after', '2000-01-01'), profile({ last_used_app: '2024-06-10' }), SEGMENT)).toBe(false);
    expect(evaluateAudience(lastUsed('before', '2100-01-01'), profile({}), SEGMENT)).toBe(false);
  });
});

describe('evaluateAudience: AND / OR', () => {
  const isPro = custom({ custom_attribute_name: 'plan', comparison: 'equals', value: 'pro' });
  const isAdult = custom({ custom_attribute_name: 'age', comparison: 'greater_than_or_equal_to', value: 18 });

  it('combines filters, nested', () => {
    const user = profile({ plan: 'pro', age: 17 });
    expect(evaluateAudience({ AND: [isPro, isAdult] }, user, AUDIENCE)).toBe(false);
    expect(evaluateAudience({ OR: [isPro, isAdult] }, user, AUDIENCE)).toBe(true);
    expect(evaluateAudience({ AND: [isPro, { OR: [isAdult, { push_subscription_status: { comparison: 'is', value: 'subscribed' } }] }] }, user, AUDIENCE)).toBe(true);
  });

  it('evaluates expressions exactly as the schema outputs them', () => {
    const parsed = audienceExpressionSchema.parse({ OR: [{ custom_attribute: { custom_attribute_name: 'plan', comparison: 'exists', value: 'ignored' } }] });
    expect(evaluateAudience(parsed, profile({ plan: 'x' }), AUDIENCE)).toBe(true);
  });
});

// ---- properties ----

const NAMES = ['plan', 'age', 'tags', 'seen', 'flag', 'gender', 'email', '__proto__', 'constructor', 'toString'] as const;
const isoTime = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
const text = fc.oneof(fc.constantFrom('pro', 'free', 'a', ''), fc.string({ maxLength: 6 }));
const name = fc.constantFrom(...NAMES);

const filterArb: fc.Arbitrary<CustomAttributeFilter> = fc.oneof(
  fc.record({ custom_attribute_name: name, comparison: fc.constantFrom(...EXISTENCE_COMPARISONS) }),
  fc.record({ custom_attribute_name: name, comparison: fc.constantFrom(...EQUALITY_COMPARISONS), value: fc.oneof(text, finite, fc.boolean()) }),
  fc.record({ custom_attribute_name: name, comparison: fc.constantFrom(...REGEX_COMPARISONS), value: fc.constantFrom('^p', 'o$', '(a+)+$', '[0-9]', '(?i)PRO', '') }),
  fc.record({ custom_attribute_name: name, comparison: fc.constantFrom(...NUMBER_COMPARISONS), value: finite }),
  fc.record({ custom_attribute_name: name, comparison: fc.constantFrom(...ARRAY_COMPARISONS), value: fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })) }),
  fc.record({ custom_attribute_name: name, comparison: fc.constantFrom(...ANY_OF_COMPARISONS), value: fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })) }),
  fc.record({ custom_attribute_name: name, comparison: fc.constantFrom(...RELATIVE_TIME_COMPARISONS), value: fc.double({ noNaN: true, min: 0, max: 20_000 }) }),
  fc.record({ custom_attribute_name: name, comparison: fc.constantFrom(...ABSOLUTE_TIME_COMPARISONS), value: isoTime }),
);
const subscription = fc.record({ comparison: fc.constantFrom(...SUBSCRIPTION_COMPARISONS), value: fc.constantFrom(...SUBSCRIPTION_STATUSES) });
const leafArb: fc.Arbitrary<AudienceExpression> = fc.oneof(
  { weight: 6, arbitrary: filterArb.map((filter) => ({ custom_attribute: filter })) },
  { weight: 1, arbitrary: subscription.map((filter) => ({ push_subscription_status: filter })) },
  { weight: 1, arbitrary: subscription.map((filter) => ({ email_subscription_status: filter })) },
  { weight: 1, arbitrary: fc.record({ comparison: fc.constantFrom(...ABSOLUTE_TIME_COMPARISONS), value: isoTime }).map((filter) => ({ last_used_app: filter })) },
);
const expressionArb: fc.Arbitrary<AudienceExpression> = fc.letrec<{ expr: AudienceExpression }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(tie('expr'), { minLength: 1, maxLength: 3 }).map((children) => ({ AND: children })),
    fc.array(tie('expr'), { minLength: 1, maxLength: 3 }).map((children) => ({ OR: children })),
  ),
})).expr;

const attributeValue: fc.Arbitrary<unknown> = fc.oneof(
  text,
  finite,
  fc.boolean(),
  fc.constant(null),
  isoTime,
  fc.array(text, { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.oneof(text, finite), { maxKeys: 2 }),
  fc.constantFrom('opted_in', 'subscribed', 'unsubscribed'),
);
const profileArb: fc.Arbitrary<EvaluationProfile> = fc.record(
  {
    attributes: fc.dictionary(fc.constantFrom(...NAMES, 'push_subscribe', 'email_subscribe'), attributeValue, { maxKeys: 8 }),
    last_used_app: fc.oneof(isoTime, fc.constant(undefined), fc.date()),
  },
  { requiredKeys: ['attributes'] },
);
const optionsArb: fc.Arbitrary<EvaluationOptions> = fc.record({ now: fc.date(), scope: fc.constantFrom('audience' as const, 'segment' as const) });

describe('evaluateAudience properties', () => {
  it('generated expressions are schema-valid, and evaluation is total', () => {
    fc.assert(
      fc.property(expressionArb, profileArb, optionsArb, (expression, user, options) => {
        expect(audienceExpressionSchema.safeParse(expression).success).toBe(true);
        expect(typeof evaluateAudience(expression, user, options)).toBe('boolean');
      }),
      { numRuns: 1_000 },
    );
  });

  it('AND is the conjunction and OR the disjunction of their parts', () => {
    fc.assert(
      fc.property(fc.array(expressionArb, { minLength: 1, maxLength: 4 }), profileArb, optionsArb, (parts, user, options) => {
        const each = parts.map((part) => evaluateAudience(part, user, options));
        expect(evaluateAudience({ AND: parts }, user, options)).toBe(each.every(Boolean));
        expect(evaluateAudience({ OR: parts }, user, options)).toBe(each.some(Boolean));
      }),
      { numRuns: 1_000 },
    );
  });

  it('AND and OR are commutative, idempotent and absorbing', () => {
    fc.assert(
      fc.property(expressionArb, expressionArb, profileArb, optionsArb, (a, b, user, options) => {
        const evaluate = (expression: AudienceExpression): boolean => evaluateAudience(expression, user, options);
        expect(evaluate({ AND: [a, b] })).toBe(evaluate({ AND: [b, a] }));
        expect(evaluate({ OR: [a, b] })).toBe(evaluate({ OR: [b, a] }));
        expect(evaluate({ AND: [a, a] })).toBe(evaluate(a));
        expect(evaluate({ OR: [a, a] })).toBe(evaluate(a));
        expect(evaluate({ AND: [a, { OR: [a, b] }] })).toBe(evaluate(a));
        expect(evaluate({ OR: [a, { AND: [a, b] }] })).toBe(evaluate(a));
      }),
      { numRuns: 1_000 },
    );
  });

  it('exists and does_not_exist are complements; equals and not_equal never both hold', () => {
    fc.assert(
      fc.property(name, profileArb, optionsArb, fc.oneof(text, finite, fc.boolean()), (attribute, user, options, value) => {
        const evaluate = (filter: CustomAttributeFilter): boolean => evaluateAudience({ custom_attribute: filter }, user, options);
        const exists = evaluate({ custom_attribute_name: attribute, comparison: 'exists' });
        expect(evaluate({ custom_attribute_name: attribute, comparison: 'does_not_exist' })).toBe(!exists);
        const equal = evaluate({ custom_attribute_name: attribute, comparison: 'equals', value });
        expect(equal && evaluate({ custom_attribute_name: attribute, comparison: 'not_equal', value })).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });
});
