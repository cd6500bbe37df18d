import { describe, expect, it } from 'vitest';
import { createRequestJournal } from './request-journal.http';

const entry = (path: string) => ({ method: 'POST', path, status: 201, received_at: '2026-01-01T00:00:00.000Z', duration_ms: 1, body: { n: 1 } });

describe('createRequestJournal', () => {
  it('lists oldest first with unique ids', () => {
    const journal = createRequestJournal(10);
    journal.append(entry('/a'));
    journal.append(entry('/b'));
    const listed = journal.list();
    expect(listed.map((e) => e.path)).toEqual(['/a', '/b']);
    expect(new Set(listed.map((e) => e.id)).size).toBe(2);
  });

  it('drops the oldest entries past its limit', () => {
    const journal = createRequestJournal(2);
    for (const path of ['/1', '/2', '/3']) journal.append(entry(path));
    expect(journal.list().map((e) => e.path)).toEqual(['/2', '/3']);
  });

  it('hands out copies and forgets everything on clear', () => {
    const journal = createRequestJournal(5);
    journal.append(entry('/a'));
    const [first] = journal.list();
    (first?.body as { n: number }).n = 99;
    expect(journal.list()[0]?.body).toEqual({ n: 1 });
    journal.clear();
    expect(journal.list()).toEqual([]);
  });
});
