/**
 * `evaluateAudience` on a moderately complex expression against a hand-written JS predicate for
 * the same logic (the baseline: what the check costs with no interpretation at all). A second
 * pair adds a `matches_regex` filter, which runs on the linear-time engine.
 *
 * Run: tsx bench/audience.bench.ts
 */
import { audienceExpressionSchema, evaluateAudience, type AudienceExpressionInput, type EvaluationOptions } from '@triggerkit/core';
import { measureThroughput, printRatioTable, throughputRows, type BenchCase, type Budget } from './support/measure';

const PROFILE_COUNT = 1_000;
const DAY_MS = 86_400_000;
const NOW = new Date(Date.UTC(2026, 5, 1));
const OPTIONS: EvaluationOptions = { now: NOW, scope: 'audience' };
const BUDGET: Budget = { rounds: 7, maxCalls: 400, maxMs: 400 };

type Attributes = Record<string, unknown>;

/** Six filters over five types, two levels deep: a realistic request `audience`. */
const EXPRESSION: AudienceExpressionInput = {
  AND: [
    { custom_attribute: { custom_attribute_name: 'plan', comparison: 'is_any_of', value: ['pro', 'team'] } },
    {
      OR: [
        { custom_attribute: { custom_attribute_name: 'region', comparison: 'equals', value: 'US' } },
        { custom_attribute: { custom_attribute_name: 'region', comparison: 'equals', value: 'CA' } },
      ],
    },
    { custom_attribute: { custom_attribute_name: 'visits', comparison: 'greater_than_or_equal_to', value: 3 } },
    { custom_attribute: { custom_attribute_name: 'tags', comparison: 'includes_value', value: ['beta', 'vip'] } },
    { custom_attribute: { custom_attribute_name: 'last_order_at', comparison: 'less_than_x_days_ago', value: 30 } },
    { email_subscription_status: { comparison: 'is_not', value: 'unsubscribed' } },
  ],
};

const REGEX_EXPRESSION: AudienceExpressionInput = {
  AND: [EXPRESSION, { custom_attribute: { custom_attribute_name: 'company', comparison: 'matches_regex', value: '(?i)^acme' } }],
};

/** The same logic as EXPRESSION, written by hand for exactly these attribute shapes. */
function handWritten(attributes: Attributes): boolean {
  const { plan, region, visits, tags, last_order_at: lastOrderAt, email_subscribe: emailSubscribe } = attributes;
  if (plan !== 'pro' && plan !== 'team') return false;
  if (region !== 'US' && region !== 'CA') return false;
  if (typeof visits !== 'number' || visits < 3) return false;
  if (!Array.isArray(tags) || !(tags.includes('beta') || tags.includes('vip'))) return false;
  const orderedAt = typeof lastOrderAt === 'string' ? Date.parse(lastOrderAt) : NaN;
  if (!(orderedAt <= NOW.getTime() && orderedAt > NOW.getTime() - 30 * DAY_MS)) return false;
  return emailSubscribe !== 'unsubscribed';
}

const ACME = /^acme/i;

function handWrittenWithRegex(attributes: Attributes): boolean {
  return handWritten(attributes) && typeof attributes['company'] === 'string' && ACME.test(attributes['company']);
}

function profiles(): Attributes[] {
  return Array.from({ length: PROFILE_COUNT }, (_, index) => ({
    plan: ['pro', 'team', 'free'][index % 3],
    region: ['US', 'CA', 'DE', 'US'][index % 4],
    visits: index % 7,
    tags: index % 5 === 0 ? ['alpha'] : ['beta', 'news'].slice(0, 1 + (index % 2)),
    last_order_at: new Date(NOW.getTime() - (index % 45) * DAY_MS - 3_600_000).toISOString(),
    email_subscribe: index % 11 === 0 ? 'unsubscribed' : 'opted_in',
    company: index % 2 === 0 ? 'ACME Corp' : 'Globex',
    first_name: 'Ann',
  }));
}

/** A pair of cases over the same profiles; fails the run if the two disagree on any profile. */
function pair(title: string, input: AudienceExpressionInput, predicate: (attributes: Attributes) => boolean): { title: string; cases: BenchCase[] } {
  const parsed = audienceExpressionSchema.safeParse(input);
  if (!parsed.success) throw new Error(`${title}: the expression is invalid: ${parsed.error.message}`);
  const expression = parsed.data;
  const population = profiles();
  const expected = population.filter(predicate).length;
  if (expected === 0 || expected === PROFILE_COUNT) throw new Error(`${title}: the data should match some profiles, not ${expected}`);
  const check = (matched: number, name: string) => {
    if (matched !== expected) throw new Error(`${title}: ${name} matched ${matched} profiles, the other ${expected}`);
  };
  return {
    title,
    cases: [
      {
        name: 'hand-written predicate',
        opsPerCall: PROFILE_COUNT,
        call: () => check(population.filter(predicate).length, 'hand-written predicate'),
      },
      {
        name: 'evaluateAudience',
        opsPerCall: PROFILE_COUNT,
        call: () => check(population.filter((attributes) => evaluateAudience(expression, { attributes }, OPTIONS)).length, 'evaluateAudience'),
      },
    ],
  };
}

async function main(): Promise<void> {
  const pairs = [
    pair('audience: 6 filters (is_any_of, OR of equals, >=, includes_value, x days ago, subscription)', EXPRESSION, handWritten),
    pair('audience: the same + matches_regex', REGEX_EXPRESSION, handWrittenWithRegex),
  ];
  for (const { title, cases } of pairs) {
    printRatioTable(`${title}, ${PROFILE_COUNT.toLocaleString('en-US')} profiles per call`, 'evaluations/s', throughputRows(await measureThroughput(cases, BUDGET)));
  }
}

await main();
