import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const vitestCli = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const config = fileURLToPath(new URL('docs-example/vitest.config.ts', import.meta.url));

it("runs docs/mock-server.md's vitest global setup example (the setup starts the server, the suite sends through it and reads the message back) and the README's reminder and receipt example", async () => {
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    execFile(process.execPath, [vitestCli, 'run', '--config', config, '--reporter', 'verbose'], { cwd: dirname(config), timeout: 60_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` });
    });
  });
  expect(code, output).toBe(0);
  expect(output).toMatch(/✓ .*confirms an order to a customer Braze did not know yet/);
  // The README's reminder-and-receipt example runs in the same project (it starts its own server).
  expect(output).toMatch(/✓ .*sends a reminder scheduled for tomorrow once the mock clock gets there/);
  expect(output).toMatch(/✓ .*sends an order receipt once, however often it is retried/);
  expect(output).toMatch(/Tests\s+3 passed \(3\)/);
});
