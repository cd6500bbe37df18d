import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { run } from './support/processes';

// publint and arethetypeswrong on exactly what would be published: the tarballs of `pnpm pack`.
// The exports maps' `@triggerkit/source` condition (workspace-only, pointing at unpublished `src/`)
// needs no exception: neither tool objects, rightly, as no resolver picks a condition it was not told to set.
const packed = inject('packed');
const attw = join(import.meta.dirname, '..', 'node_modules', '.bin', 'attw');

describe('the public packages', () => {
  it('include the core, every adapter and the mock server', () => {
    expect(packed.map((pkg) => pkg.name)).toEqual(expect.arrayContaining(['@triggerkit/core', '@triggerkit/express', '@triggerkit/fastify', '@triggerkit/nestjs', '@triggerkit/mock-server']));
  });
});

type DependencyFields = Partial<Record<'dependencies' | 'peerDependencies' | 'optionalDependencies', Record<string, string>>>;

describe.each(packed)('$name, packed', ({ tarball }) => {
  let linted: Awaited<ReturnType<typeof publint>>;

  beforeAll(async () => {
    const bytes = await readFile(tarball);
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    linted = await publint({ pack: { tarball: arrayBuffer }, level: 'suggestion', strict: true });
  });

  it('passes publint (strict, suggestions included)', () => {
    const { messages, pkg } = linted;
    expect(messages.map((message) => `${message.type} ${message.code}: ${formatMessage(message, pkg, { color: false }) ?? ''}`)).toEqual([]);
  });

  it('depends on sibling packages by version range, not by the workspace protocol', () => {
    const manifest = linted.pkg as DependencyFields;
    const ranges = [manifest.dependencies, manifest.peerDependencies, manifest.optionalDependencies].flatMap((field) => Object.entries(field ?? {}));
    expect(ranges.filter(([, range]) => range.startsWith('workspace:'))).toEqual([]);
  });

  it('passes arethetypeswrong (strict profile: node10, node16 from ESM and CJS, bundler)', async () => {
    // --no-definitely-typed: judge the package's own types, without fetching @types from the registry.
    const result = await run(attw, [tarball, '--profile', 'strict', '--format', 'ascii', '--no-color', '--no-emoji', '--no-definitely-typed'], { cwd: import.meta.dirname });
    expect(result.exitCode, result.output).toBe(0);
  });
});
