import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM script without declarations
import { checkBoundaries } from '../check-boundaries.mjs';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(repoRoot, 'scripts', 'check-boundaries.mjs');

function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'tk-boundary-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('boundary check', () => {
  it('passes on this repository', () => {
    expect(checkBoundaries(repoRoot)).toEqual([]);
  });

  it('catches core importing a framework', () => {
    const root = fixture({ 'packages/core/src/bad.ts': "import express from 'express';\nimport { Injectable } from '@nestjs/common';\nimport fastify from 'fastify';\nimport { Hono } from 'hono';\n" });
    expect(checkBoundaries(root)).toEqual([
      "packages/core/src/bad.ts: imports 'express': core must not import a framework",
      "packages/core/src/bad.ts: imports '@nestjs/common': core must not import a framework",
      "packages/core/src/bad.ts: imports 'fastify': core must not import a framework",
      "packages/core/src/bad.ts: imports 'hono': core must not import a framework",
    ]);
  });

  it('catches an adapter deep-importing core', () => {
    const root = fixture({
      'packages/express/src/a.ts': "export { x } from '@triggerkit/core/src/rules/x';\n",
      'apps/mock-server/src/b.ts': "const y = require('../../../packages/core/src/index');\n",
      'hosts/nest11/src/c.ts': "import '@triggerkit/core/dist/index.js';\n",
      'packages/nestjs/src/ok.ts': "import { TriggerKitClient } from '@triggerkit/core';\n",
      'packages/fastify/src/ok.ts': "import { TriggerKitClient } from '@triggerkit/core/client';\n",
    });
    expect(checkBoundaries(root)).toEqual([
      "packages/express/src/a.ts: imports '@triggerkit/core/src/rules/x': use a public entry point of @triggerkit/core",
      "apps/mock-server/src/b.ts: imports '../../../packages/core/src/index': reach core through @triggerkit/core, not by path",
      "hosts/nest11/src/c.ts: imports '@triggerkit/core/dist/index.js': use a public entry point of @triggerkit/core",
    ]);
  });

  it('fails the build (non-zero exit) on a violation', () => {
    const root = fixture({ 'packages/core/src/bad.ts': "import('express');\n" });
    expect(() => execFileSync(process.execPath, [script, root], { stdio: 'pipe' })).toThrow(/boundary: packages\/core\/src\/bad.ts/);
    expect(execFileSync(process.execPath, [script, repoRoot]).toString()).toContain('boundaries: ok');
  });
});
