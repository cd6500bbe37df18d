#!/usr/bin/env node
// The architecture boundary, enforced: core imports no framework, and every other workspace
// package reaches core only through its public entry points. Exits non-zero on any violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRAMEWORKS = /^(express|@nestjs\/|fastify|@fastify\/|hono|reflect-metadata$|rxjs)/;
const CORE_PUBLIC = new Set(['@triggerkit/core', '@triggerkit/core/client', '@triggerkit/core/testing', '@triggerkit/core/package.json']);
const SOURCE = /\.(c|m)?tsx?$|\.(c|m)?js$/;
const SKIP = new Set(['node_modules', 'dist', '.turbo', 'coverage', 'fixtures']);
const IMPORT = /(?:^|[^.\w$])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^.\w$])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^.\w$])require\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^.\w$])import\s+['"]([^'"]+)['"]/g;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (SOURCE.test(name)) yield path;
  }
}

export function importsOf(text) {
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

/** Returns one message per violation under `root` (a repository root with packages/ and apps/). */
export function checkBoundaries(root) {
  const problems = [];
  const scan = (dir, check) => {
    let entries;
    try {
      entries = [...files(dir)];
    } catch {
      return;
    }
    for (const file of entries) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const why = check(spec);
        if (why) problems.push(`${relative(root, file)}: imports '${spec}': ${why}`);
      }
    }
  };
  scan(join(root, 'packages', 'core'), (spec) =>
    FRAMEWORKS.test(spec) ? 'core must not import a framework' : null,
  );
  const childrenOf = (top) => {
    try {
      return readdirSync(join(root, top)).map((name) => join(root, top, name));
    } catch {
      return [];
    }
  };
  const consumers = [
    ...['packages', 'apps', 'hosts'].flatMap(childrenOf),
    ...['contracts', 'bench', 'test-projects', 'docs'].map((dir) => join(root, dir)),
  ];
  for (const dir of consumers) {
    if (dir === join(root, 'packages', 'core')) continue;
    scan(dir, (spec) => {
      if (spec.startsWith('@triggerkit/core') && !CORE_PUBLIC.has(spec)) return 'use a public entry point of @triggerkit/core';
      if (/(^|\/)packages\/core\//.test(spec) || /\.\.\/core\//.test(spec)) return 'reach core through @triggerkit/core, not by path';
      return null;
    });
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  const problems = checkBoundaries(root);
  for (const p of problems) console.error(`boundary: ${p}`);
  if (problems.length > 0) process.exit(1);
  console.log('boundaries: ok');
}
