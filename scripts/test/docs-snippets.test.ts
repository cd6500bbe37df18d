import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every TypeScript snippet of these pages (the root README's and the mock server package's too) is a whole file of docs/snippets/, which `pnpm typecheck`
// compiles (docs/tsconfig.json): a page shows code that compiles, as it compiles.
const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs');
const PAGES = ['messaging.md', 'fastify.md', 'fetch.md', 'core.md', 'nestjs.md', 'express.md', 'stores.md', 'mock-server.md', 'contracts.md', '../README.md', '../apps/mock-server/README.md'];

const snippets = new Map(readdirSync(join(docs, 'snippets')).map((name) => [name, readFileSync(join(docs, 'snippets', name), 'utf8').trimEnd()]));

function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => (match[1] ?? '').trimEnd());
}

describe.each(PAGES)('docs/%s', (page) => {
  const blocks = tsBlocks(readFileSync(join(docs, page), 'utf8'));

  it('has TypeScript snippets', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it('shows each one exactly as a compiled file of docs/snippets', () => {
    const unmatched = blocks.filter((block) => ![...snippets.values()].includes(block));
    expect(unmatched).toEqual([]);
  });
});
