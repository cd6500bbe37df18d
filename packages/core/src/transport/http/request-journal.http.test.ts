import { describe, expect, it } from 'vitest';
import { createRequestJournal, DEFAULT_JOURNAL_LIMITS, type JournalLimits } from './request-journal.http';

const limits = (overrides: Partial<JournalLimits>): JournalLimits => ({ ...DEFAULT_JOURNAL_LIMITS, ...overrides });

function journalWith(overrides: Partial<JournalLimits> = {}) {
  const journal = createRequestJournal(limits(overrides));
  const add = (path: string, body: unknown = { n: 1 }, receivedAt = '2026-01-01T00:00:00.000Z') =>
    journal.append({ method: 'POST', path, status: 201, received_at: receivedAt, duration_ms: 1, body: journal.encodeBody(body) });
  return { journal, add };
}

describe('createRequestJournal', () => {
  it('lists oldest first with unique ids, as the page JSON says', () => {
    const { journal, add } = journalWith();
    add('/a');
    add('/b', { '"quoted"': ['é', '😀'] });
    const listed = journal.list();
    expect(listed.map((e) => e.path)).toEqual(['/a', '/b']);
    expect(listed[1]).toEqual({ id: 'req_2', method: 'POST', path: '/b', status: 201, received_at: '2026-01-01T00:00:00.000Z', duration_ms: 1, body: { '"quoted"': ['é', '😀'] } });
    expect(JSON.parse(journal.pageJson({ limit: 10 }))).toEqual({ requests: listed });
  });

  it('drops the oldest entries past its entry bound', () => {
    const { journal, add } = journalWith({ maxEntries: 2 });
    for (const path of ['/1', '/2', '/3']) add(path);
    expect(journal.list().map((e) => e.path)).toEqual(['/2', '/3']);
  });

  it('drops the oldest entries past its byte bound, keeping the total under it', () => {
    const { journal, add } = journalWith({ maxBytes: 10_000, maxBodyBytes: 4_000 });
    for (let i = 0; i < 10; i++) add(`/${i}`, { text: 'x'.repeat(3_000) });
    expect(journal.size().bytes).toBeLessThanOrEqual(10_000);
    expect(journal.list().map((e) => e.path)).toEqual(['/7', '/8', '/9']);
  });

  it('keeps an oversized body truncated to whole characters, flagged with its full size', () => {
    const { journal, add } = journalWith({ maxBodyBytes: 100 });
    const body = { text: '€'.repeat(200) };
    add('/big', body);
    add('/small', { ok: true });
    const [big, small] = journal.list();
    const fullBytes = Buffer.byteLength(JSON.stringify(body));
    expect(big).toMatchObject({ body_truncated: true, body_bytes: fullBytes });
    expect(typeof big?.body).toBe('string');
    expect(JSON.stringify(body).startsWith(big?.body as string)).toBe(true);
    expect(Buffer.byteLength(big?.body as string)).toBeLessThanOrEqual(100);
    expect(Buffer.byteLength(big?.body as string)).toBeGreaterThan(94);
    expect(small).not.toHaveProperty('body_truncated');
  });

  it('many big bodies stay within the byte bound: each kept truncated, the oldest dropped', () => {
    const { journal, add } = journalWith({ maxBytes: 1024 * 1024, maxBodyBytes: 16 * 1024 });
    const big = { blob: 'y'.repeat(256 * 1024) };
    for (let i = 0; i < 200; i++) add(`/${i}`, big);
    const { entries, bytes } = journal.size();
    expect(bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(entries).toBe(Math.floor((1024 * 1024) / (bytes / entries)));
    expect(entries).toBeGreaterThan(50);
    const listed = journal.list();
    expect(listed.at(-1)).toMatchObject({ path: '/199', body_truncated: true, body_bytes: 256 * 1024 + '{"blob":""}'.length });
    expect(listed[0]?.path).toBe(`/${200 - entries}`);
  });

  it('pages by limit, after, before, since and order, saying where the next page starts', () => {
    const { journal, add } = journalWith();
    for (let i = 1; i <= 5; i++) add(`/${i}`, {}, `2026-01-01T00:00:0${i}.000Z`);
    const paths = (query: Parameters<typeof journal.list>[0]) => journal.list(query).map((e) => e.path);
    expect(JSON.parse(journal.pageJson({ limit: 2 }))).toMatchObject({ requests: [{ id: 'req_1' }, { id: 'req_2' }], next_after: 'req_2' });
    expect(JSON.parse(journal.pageJson({ limit: 2, afterSeq: 4 }))).not.toHaveProperty('next_after');
    expect(paths({ afterSeq: 2 })).toEqual(['/3', '/4', '/5']);
    expect(paths({ beforeSeq: 3 })).toEqual(['/1', '/2']);
    expect(paths({ sinceMs: Date.parse('2026-01-01T00:00:04Z') })).toEqual(['/4', '/5']);
    expect(paths({ order: 'newest', limit: 2 })).toEqual(['/5', '/4']);
    expect(JSON.parse(journal.pageJson({ order: 'newest', limit: 2 }))).toMatchObject({ next_before: 'req_4' });
  });

  it('hands out copies and forgets everything on clear', () => {
    const { journal, add } = journalWith();
    add('/a');
    const [first] = journal.list();
    (first?.body as { n: number }).n = 99;
    expect(journal.list()[0]?.body).toEqual({ n: 1 });
    journal.clear();
    expect(journal.list()).toEqual([]);
    expect(journal.size()).toEqual({ entries: 0, bytes: 0 });
  });

  it('journals a body JSON cannot serialize as null', () => {
    const { journal, add } = journalWith();
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    add('/cyclic', cyclic);
    expect(journal.list()[0]?.body).toBeNull();
  });
});
