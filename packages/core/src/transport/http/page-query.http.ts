import { MESSAGES, ValidationError } from '../../errors';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type PageQuery } from '../../engine/engine.types';
import type { PageOrder } from '../../engine/ports/store.port';
import { parseIsoTime } from '../../rules/iso-time.rules';

export type QueryParams = Readonly<Record<string, string | string[] | undefined>>;

const ORDERS: readonly PageOrder[] = ['oldest', 'newest'];

/**
 * The paging parameters of an inspection list: `limit` (1–1,000, default 100), `after` / `before`
 * (an item id), `since` (ISO-8601 time) and `order` (`oldest`, the default, or `newest`). Every
 * problem is a 400 `Bad Request` with a `query.`-prefixed error.
 */
export function parsePageQuery(query: QueryParams): PageQuery & { limit: number } {
  const problems: string[] = [];
  const limitText = firstValue(query['limit']);
  let limit = DEFAULT_PAGE_LIMIT;
  if (limitText !== undefined) {
    limit = /^\d{1,7}$/.test(limitText) ? Number(limitText) : NaN;
    if (!(limit >= 1 && limit <= MAX_PAGE_LIMIT)) problems.push(`query.limit: must be an integer from 1 to ${MAX_PAGE_LIMIT}`);
  }
  const page: PageQuery & { limit: number } = { limit };
  for (const name of ['after', 'before'] as const) {
    const value = firstValue(query[name]);
    if (value === '') problems.push(`query.${name}: must not be empty`);
    else if (value !== undefined) page[name] = value;
  }
  const since = firstValue(query['since']);
  if (since !== undefined) {
    const ms = parseIsoTime(since);
    if (ms === undefined) problems.push('query.since: must be an ISO-8601 time');
    else page.since = ms;
  }
  const order = firstValue(query['order']);
  if (order !== undefined) {
    if ((ORDERS as readonly string[]).includes(order)) page.order = order as PageOrder;
    else problems.push(`query.order: must be one of ${ORDERS.join(', ')}`);
  }
  if (problems.length > 0) throw new ValidationError('bad_request', MESSAGES.bad_request, problems);
  return page;
}

export function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
