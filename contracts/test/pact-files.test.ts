import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizedPact, stalePactProblems, updateCommittedPacts } from '../src/pact-files';

const PACT = {
  consumer: { name: 'c' },
  provider: { name: 'p' },
  interactions: [{ description: 'one', response: { status: 201 } }],
  metadata: { 'pact-js': { version: '16.5.0' }, pactRust: { ffi: '0.5.4' }, pactSpecification: { version: '4.0' } },
};

const dirs: string[] = [];
function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pact-files-test-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content, null, 2));
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('pact file staleness', () => {
  it('ignores the Pact library versions in metadata', () => {
    const newerLibraries = { ...PACT, metadata: { ...PACT.metadata, 'pact-js': { version: '16.9.9' }, pactRust: { ffi: '0.9.0' } } };
    expect(normalizedPact(JSON.stringify(newerLibraries))).toEqual(normalizedPact(JSON.stringify(PACT)));
    expect(stalePactProblems(dirWith({ 'c-p.json': PACT }), dirWith({ 'c-p.json': newerLibraries }))).toEqual([]);
  });

  it('keeps the pact specification version significant', () => {
    const v3 = { ...PACT, metadata: { ...PACT.metadata, pactSpecification: { version: '3.0.0' } } };
    expect(stalePactProblems(dirWith({ 'c-p.json': PACT }), dirWith({ 'c-p.json': v3 }))).toEqual(['c-p.json: the committed file differs from what the consumer tests generate']);
  });

  it('reports a changed interaction, a missing file and a leftover file', () => {
    const changed = { ...PACT, interactions: [{ description: 'one', response: { status: 200 } }] };
    expect(stalePactProblems(dirWith({ 'c-p.json': PACT, 'new.json': PACT }), dirWith({ 'c-p.json': changed, 'old.json': PACT }))).toEqual([
      'c-p.json: the committed file differs from what the consumer tests generate',
      'new.json: generated but not committed',
      'old.json: committed but no longer generated',
    ]);
  });

  it('updating makes the committed directory exactly the generated one', () => {
    const generated = dirWith({ 'c-p.json': PACT });
    const committed = dirWith({ 'c-p.json': { ...PACT, interactions: [] }, 'old.json': PACT });
    updateCommittedPacts(generated, committed);
    expect(stalePactProblems(generated, committed)).toEqual([]);
    expect(JSON.parse(readFileSync(join(committed, 'c-p.json'), 'utf8'))).toEqual(PACT);
  });
});
