import { z } from 'zod';
import { compileLinearRegex, MAX_REGEX_PATTERN_LENGTH, MAX_REGEX_PROGRAM_SIZE } from '../rules/safe-regex.rules';
import { isoTimeSchema } from './iso-time.schema';
import { isPlainObject } from './json-object.schema';
import { parseInto, unionError } from './issue-messages.schema';

export const SUBSCRIPTION_STATUSES = ['opted_in', 'subscribed', 'unsubscribed'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const EXISTENCE_COMPARISONS = ['exists', 'does_not_exist'] as const;
/** `does_not_equal` is the older docs' spelling of `not_equal`; both are accepted (spec 6). */
export const EQUALITY_COMPARISONS = ['equals', 'not_equal', 'does_not_equal'] as const;
export const REGEX_COMPARISONS = ['matches_regex', 'does_not_match_regex'] as const;
export const NUMBER_COMPARISONS = ['greater_than', 'greater_than_or_equal_to', 'less_than', 'less_than_or_equal_to'] as const;
export const ARRAY_COMPARISONS = ['includes_value', 'does_not_include_value'] as const;
export const ANY_OF_COMPARISONS = ['is_any_of', 'is_none_of'] as const;
export const RELATIVE_TIME_COMPARISONS = [
  'less_than_x_days_ago',
  'greater_than_x_days_ago',
  'less_than_x_days_in_the_future',
  'greater_than_x_days_in_the_future',
] as const;
export const ABSOLUTE_TIME_COMPARISONS = ['after', 'before'] as const;

/** Every comparison a `custom_attribute` filter may use (spec 6). */
export const CUSTOM_ATTRIBUTE_COMPARISONS = [
  ...EXISTENCE_COMPARISONS,
  ...EQUALITY_COMPARISONS,
  ...REGEX_COMPARISONS,
  ...NUMBER_COMPARISONS,
  ...ARRAY_COMPARISONS,
  ...ANY_OF_COMPARISONS,
  ...RELATIVE_TIME_COMPARISONS,
  ...ABSOLUTE_TIME_COMPARISONS,
] as const;
export type CustomAttributeComparison = (typeof CUSTOM_ATTRIBUTE_COMPARISONS)[number];

export const SUBSCRIPTION_COMPARISONS = ['is', 'is_not'] as const;
export type SubscriptionComparison = (typeof SUBSCRIPTION_COMPARISONS)[number];
export const LAST_USED_APP_COMPARISONS = ABSOLUTE_TIME_COMPARISONS;

/** The keys an expression object is routed by: exactly one of them per object. */
export const AUDIENCE_EXPRESSION_KEYS = ['AND', 'OR', 'custom_attribute', 'push_subscription_status', 'email_subscription_status', 'last_used_app'] as const;

/** Deeper expressions are rejected rather than risking the stack on hostile input. */
export const MAX_AUDIENCE_DEPTH = 32;

const attributeName = z.string().min(1);

const regexPatternSchema = z
  .string()
  .max(MAX_REGEX_PATTERN_LENGTH, { error: `invalid regular expression: longer than ${MAX_REGEX_PATTERN_LENGTH} characters (the longest pattern accepted)`, abort: true })
  .superRefine((pattern, ctx) => {
  const compiled = compileLinearRegex(pattern);
  if (!compiled.ok) ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${compiled.reason}` });
}).meta({ description: `An RE2 pattern (no look-around or back-references), at most ${MAX_REGEX_PATTERN_LENGTH} characters, compiling to at most ${MAX_REGEX_PROGRAM_SIZE} instructions.` });

const finiteNumber = z.number().refine(Number.isFinite, { error: 'must be a finite number' });

/** `value` given with `exists`/`does_not_exist` is ignored (stripped), as spec 6 says. */
const existenceFilter = z.object({ custom_attribute_name: attributeName, comparison: z.enum(EXISTENCE_COMPARISONS) });
const equalityFilter = z.object({
  custom_attribute_name: attributeName,
  comparison: z.enum(EQUALITY_COMPARISONS),
  value: z.union([z.string(), finiteNumber, z.boolean()], unionError('must be a string, number or boolean')),
});
const regexFilter = z.object({ custom_attribute_name: attributeName, comparison: z.enum(REGEX_COMPARISONS), value: regexPatternSchema });
const numberFilter = z.object({ custom_attribute_name: attributeName, comparison: z.enum(NUMBER_COMPARISONS), value: finiteNumber });
/** One string, or a non-empty array of strings (spec 6: "any of these" / "none of these"). */
const stringOrStrings = z.union([z.string(), z.array(z.string()).min(1)], unionError('must be a string or a non-empty array of strings'));
const arrayFilter = z.object({ custom_attribute_name: attributeName, comparison: z.enum(ARRAY_COMPARISONS), value: stringOrStrings });
/** Rev 2: a single string or a non-empty array of strings; numbers are not values of these comparisons. */
const anyOfFilter = z.object({ custom_attribute_name: attributeName, comparison: z.enum(ANY_OF_COMPARISONS), value: stringOrStrings });
const relativeTimeFilter = z.object({
  custom_attribute_name: attributeName,
  comparison: z.enum(RELATIVE_TIME_COMPARISONS),
  value: finiteNumber.min(0),
});
const absoluteTimeFilter = z.object({ custom_attribute_name: attributeName, comparison: z.enum(ABSOLUTE_TIME_COMPARISONS), value: isoTimeSchema });

export const customAttributeFilterSchema = z.discriminatedUnion('comparison', [
  existenceFilter,
  equalityFilter,
  regexFilter,
  numberFilter,
  arrayFilter,
  anyOfFilter,
  relativeTimeFilter,
  absoluteTimeFilter,
]);

export const subscriptionStatusFilterSchema = z.object({
  comparison: z.enum(SUBSCRIPTION_COMPARISONS),
  value: z.enum(SUBSCRIPTION_STATUSES),
});
export const lastUsedAppFilterSchema = z.object({ comparison: z.enum(LAST_USED_APP_COMPARISONS), value: isoTimeSchema });

export const audienceFilterSchema = z.union([
  z.object({ custom_attribute: customAttributeFilterSchema }),
  z.object({ push_subscription_status: subscriptionStatusFilterSchema }),
  z.object({ email_subscription_status: subscriptionStatusFilterSchema }),
  z.object({ last_used_app: lastUsedAppFilterSchema }),
]);

/** One leaf of an audience expression, as validated. */
export type AudienceFilter = z.output<typeof audienceFilterSchema>;
export type AudienceFilterInput = z.input<typeof audienceFilterSchema>;
export type CustomAttributeFilter = z.output<typeof customAttributeFilterSchema>;

/** Braze's Connected Audience object (spec 6), as validated. */
export type AudienceExpression = AudienceFilter | { AND: AudienceExpression[] } | { OR: AudienceExpression[] };
/** An audience expression as callers write it. */
export type AudienceExpressionInput = AudienceFilterInput | { AND: AudienceExpressionInput[] } | { OR: AudienceExpressionInput[] };

type ExpressionKey = (typeof AUDIENCE_EXPRESSION_KEYS)[number];

const leafSchemas: Record<Exclude<ExpressionKey, 'AND' | 'OR'>, z.ZodType> = {
  custom_attribute: customAttributeFilterSchema,
  push_subscription_status: subscriptionStatusFilterSchema,
  email_subscription_status: subscriptionStatusFilterSchema,
  last_used_app: lastUsedAppFilterSchema,
};

/** The most expressions (filters and AND/OR nodes) one audience may hold: generous for people, and it bounds the work a request can ask for. */
export const MAX_AUDIENCE_EXPRESSIONS = 1_000;

/**
 * The compiled size of all `matches_regex` / `does_not_match_regex` patterns of one audience together:
 * each profile is matched against every one of them, so the bound is on their sum, not only each.
 */
export const MAX_AUDIENCE_REGEX_PROGRAM_SIZE = 2 * MAX_REGEX_PROGRAM_SIZE;

/** Instructions of a regex filter's pattern; 0 for anything else, or for a pattern its own field will report. */
function regexSize(node: Record<string, unknown>): number {
  const filter = node['custom_attribute'];
  if (!isPlainObject(filter) || typeof filter['value'] !== 'string') return 0;
  if (!(REGEX_COMPARISONS as readonly unknown[]).includes(filter['comparison'])) return 0;
  const compiled = compileLinearRegex(filter['value']);
  return compiled.ok ? compiled.regex.size : 0;
}

/** Depth, size and regex work, checked by one walk before anything is parsed, so a huge expression costs one pass rather than an issue per node. */
function sizeProblem(root: unknown): string | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: root, depth: 1 }];
  let count = 0;
  let regexInstructions = 0;
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (depth > MAX_AUDIENCE_DEPTH) return `must not nest deeper than ${MAX_AUDIENCE_DEPTH} levels`;
    if (++count > MAX_AUDIENCE_EXPRESSIONS) return `must not hold more than ${MAX_AUDIENCE_EXPRESSIONS} expressions`;
    if (!isPlainObject(node)) continue;
    regexInstructions += regexSize(node);
    if (regexInstructions > MAX_AUDIENCE_REGEX_PROGRAM_SIZE) {
      return `its regex patterns must compile to at most ${MAX_AUDIENCE_REGEX_PROGRAM_SIZE} instructions in all`;
    }
    for (const key of ['AND', 'OR'] as const) {
      const children = node[key];
      if (Array.isArray(children)) for (const child of children) stack.push({ node: child, depth: depth + 1 });
    }
  }
  return undefined;
}

const expressionKeysList = AUDIENCE_EXPRESSION_KEYS.join(', ');

function routeExpression(input: unknown, ctx: z.core.$RefinementCtx): AudienceExpression | undefined {
  if (!isPlainObject(input)) {
    ctx.addIssue({ code: 'custom', message: 'must be an object', input });
    return undefined;
  }
  const present = AUDIENCE_EXPRESSION_KEYS.filter((key) => Object.hasOwn(input, key));
  const key = present[0];
  if (key === undefined || present.length > 1) {
    const message = present.length === 0 ? `must have one of ${expressionKeysList}` : `must have exactly one of ${expressionKeysList}, got ${present.join(', ')}`;
    ctx.addIssue({ code: 'custom', message, input });
    return undefined;
  }
  if (key === 'AND' || key === 'OR') {
    const children = parseInto(z.array(audienceExpressionSchema).min(1), input[key], ctx, [key]);
    return children.ok ? ({ [key]: children.value } as AudienceExpression) : undefined;
  }
  const leaf = parseInto(leafSchemas[key], input[key], ctx, [key]);
  return leaf.ok ? ({ [key]: leaf.value } as AudienceExpression) : undefined;
}

/**
 * Braze's audience expression (spec 6): a filter, or `{AND: [...]}` / `{OR: [...]}` of expressions.
 * Routed by its single key, so a problem is reported at its own path (`AND[1].custom_attribute.comparison`).
 */
export const audienceExpressionSchema: z.ZodType<AudienceExpression, AudienceExpressionInput> = z
  .custom<AudienceExpressionInput>(() => true)
  .transform((input, ctx) => {
    const tooBig = sizeProblem(input);
    if (tooBig !== undefined) {
      ctx.addIssue({ code: 'custom', message: tooBig, input });
      return z.NEVER;
    }
    return routeExpression(input, ctx) ?? z.NEVER;
  })
  .meta({ id: 'AudienceExpression', description: "Braze's Connected Audience object: a filter, or {AND: [...]} / {OR: [...]} of expressions." });
