import type { MessageRecord } from '../../schema/responses.schema';
import { MESSAGE_FILTER_FIELDS, type MessageFilter, type MessageFilterField, type MessagePage, type MessageQuery, UnknownCursorError } from '../ports/store.port';

/** An array with cheap removal at the front: retention drops the oldest record of each list. */
class Deque<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  at(index: number): T {
    return this.items[this.head + index] as T;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined as T;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** The first position whose item's key is greater than `key` (items ascend by key). */
  upperBound(key: number, keyOf: (item: T) => number): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (keyOf(this.at(middle)) <= key) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

interface StoredMessage {
  readonly seq: number;
  readonly id: string;
  readonly sentMs: number;
  /** Filter values by field, `undefined` where the message has none. */
  readonly fields: Readonly<Record<FilterField, string | undefined>>;
  readonly json: string;
}

const FILTER_FIELDS = MESSAGE_FILTER_FIELDS;
type FilterField = MessageFilterField;

const seqOf = (message: StoredMessage): number => message.seq;

/**
 * One workspace's messages in recording order, with an index per filter field (each a list in
 * recording order), so a filtered page starts from the smallest matching list and a cursor is a
 * binary search, never a scan of everything. Messages are kept as JSON text (compact; reading is a parse).
 */
export class MessageLog {
  private readonly all = new Deque<StoredMessage>();
  private readonly byId = new Map<string, StoredMessage>();
  private readonly indexes = new Map<FilterField, Map<string, Deque<StoredMessage>>>(FILTER_FIELDS.map((field) => [field, new Map()]));
  private nextSeq = 1;

  get size(): number {
    return this.all.length;
  }

  append(message: MessageRecord): void {
    const stored: StoredMessage = {
      seq: this.nextSeq++,
      id: message.id,
      sentMs: Date.parse(message.sent_at),
      fields: {
        campaign_id: message.campaign_id,
        canvas_id: message.canvas_id,
        external_user_id: message.recipient.external_user_id,
        dispatch_id: message.dispatch_id,
        send_id: message.send_id,
        source: message.source ?? 'trigger',
        schedule_id: message.schedule_id,
      },
      json: JSON.stringify(message),
    };
    this.all.push(stored);
    this.byId.set(stored.id, stored);
    for (const field of FILTER_FIELDS) {
      const value = stored.fields[field];
      if (value === undefined) continue;
      const index = this.indexes.get(field) as Map<string, Deque<StoredMessage>>;
      let list = index.get(value);
      if (list === undefined) {
        list = new Deque();
        index.set(value, list);
      }
      list.push(stored);
    }
  }

  /** Drops the oldest messages until at most `keep` remain; each is the first of its lists. */
  trim(keep: number): void {
    while (this.all.length > keep) {
      const oldest = this.all.shift() as StoredMessage;
      this.byId.delete(oldest.id);
      for (const field of FILTER_FIELDS) {
        const value = oldest.fields[field];
        if (value === undefined) continue;
        const index = this.indexes.get(field) as Map<string, Deque<StoredMessage>>;
        const list = index.get(value);
        list?.shift();
        if (list?.length === 0) index.delete(value);
      }
    }
  }

  list(query: MessageQuery): MessagePage {
    const candidates = this.candidates(query);
    const afterSeq = Math.max(this.cursorSeq(query.after) ?? 0, this.sinceSeq(query.sinceMs));
    const beforeSeq = this.cursorSeq(query.before) ?? Infinity;
    const messages: MessageRecord[] = [];
    if (candidates === undefined) return { messages, more: false };
    const first = candidates.upperBound(afterSeq, seqOf);
    const newest = query.order === 'newest';
    const step = newest ? -1 : 1;
    let position = newest ? candidates.upperBound(beforeSeq - 1, seqOf) - 1 : first;
    for (; position >= first && position < candidates.length; position += step) {
      const message = candidates.at(position);
      if (message.seq >= beforeSeq) break;
      if (!matchesAll(message, query)) continue;
      if (messages.length === query.limit) return { messages, more: true };
      messages.push(JSON.parse(message.json) as MessageRecord);
    }
    return { messages, more: false };
  }

  /** The smallest list that every match is in, or undefined when a filter matches nothing. */
  private candidates(query: MessageQuery): Deque<StoredMessage> | undefined {
    let smallest: Deque<StoredMessage> = this.all;
    for (const field of FILTER_FIELDS) {
      const value = query[field];
      if (value === undefined) continue;
      const list = this.indexes.get(field)?.get(value);
      if (list === undefined) return undefined;
      if (list.length < smallest.length) smallest = list;
    }
    return smallest;
  }

  private cursorSeq(id: string | undefined): number | undefined {
    if (id === undefined) return undefined;
    const message = this.byId.get(id);
    if (message === undefined) throw new UnknownCursorError(id);
    return message.seq;
  }

  /** Messages are recorded in clock order, so the first one sent at or after `sinceMs` is found by bisection. */
  private sinceSeq(sinceMs: number | undefined): number {
    if (sinceMs === undefined) return 0;
    const position = this.all.upperBound(sinceMs - 1, (message) => message.sentMs);
    return position < this.all.length ? this.all.at(position).seq - 1 : Infinity;
  }
}

function matchesAll(message: StoredMessage, filter: MessageFilter): boolean {
  for (const field of FILTER_FIELDS) {
    const value = filter[field];
    if (value !== undefined && message.fields[field] !== value) return false;
  }
  return true;
}
