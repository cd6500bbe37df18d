/**
 * Issue 11's regex attack, measured: how long does an ordinary create-and-send wait while another
 * client sends hostile `matches_regex` audiences? One victim connection sends small triggers back
 * to back for a quiet phase (the baseline) and again while an attacker connection sends, in turn,
 * a 4 MB pattern and the most expensive audience still accepted (two patterns at the per-audience
 * instruction bound, 50 recipients with 255-character attributes). The figures are the victim's
 * worst and p99 latency in each phase, and their ratio.
 *
 * Run: tsx bench/regex-attack.bench.ts   (PHASE_MS to change the 5 s phases)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from './server/server-process.ts';
import { httpCall } from './server/http-call.ts';

const BIN = fileURLToPath(new URL('../apps/mock-server/dist/cli.js', import.meta.url));
const PHASE_MS = Number(process.env.PHASE_MS ?? 5_000);
const HEADERS = { 'content-type': 'application/json', authorization: 'Bearer demo-key' };

const hugePattern = JSON.stringify({
  campaign_id: 'order-confirmation',
  audience: { custom_attribute: { custom_attribute_name: 'bio', comparison: 'matches_regex', value: `(a+)+${'x'.repeat(4_000_000)}` } },
  recipients: [{ external_user_id: 'attacker', send_to_existing_only: false, attributes: { bio: 'a'.repeat(255) } }],
});
const costliestAccepted = JSON.stringify({
  campaign_id: 'order-confirmation',
  audience: {
    AND: [
      { custom_attribute: { custom_attribute_name: 'bio', comparison: 'matches_regex', value: '([a-z].*){99}' } },
      { custom_attribute: { custom_attribute_name: 'bio', comparison: 'does_not_match_regex', value: '([0-9].*){99}' } },
    ],
  },
  recipients: Array.from({ length: 50 }, (_, index) => ({ external_user_id: `a-${index}`, send_to_existing_only: false, attributes: { bio: 'ab'.repeat(127) } })),
});

let victimCount = 0;
function victimBody(): string {
  victimCount += 1;
  return JSON.stringify({
    campaign_id: 'order-confirmation',
    trigger_properties: { order_id: `o-${victimCount}` },
    recipients: [{ external_user_id: `v-${victimCount}`, send_to_existing_only: false, attributes: { email: `v${victimCount}@example.com` } }],
  });
}

async function phase(url: string, attack: boolean): Promise<{ requests: number; p99: number; worst: number; attackStatuses: Record<string, number> }> {
  const until = performance.now() + PHASE_MS;
  const latencies: number[] = [];
  const attackStatuses: Record<string, number> = {};
  const attacker = async () => {
    for (let turn = 0; attack && performance.now() < until; turn++) {
      const body = turn % 2 === 0 ? hugePattern : costliestAccepted;
      const answer = await httpCall(`${url}/campaigns/trigger/send`, { method: 'POST', headers: HEADERS, body });
      const key = `${turn % 2 === 0 ? '4 MB pattern' : 'costliest accepted'}: ${answer.status}`;
      attackStatuses[key] = (attackStatuses[key] ?? 0) + 1;
    }
  };
  const victim = async () => {
    while (performance.now() < until) {
      const started = performance.now();
      const answer = await httpCall(`${url}/campaigns/trigger/send`, { method: 'POST', headers: HEADERS, body: victimBody() });
      if (answer.status !== 201) throw new Error(`victim got ${answer.status}: ${answer.text}`);
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all([attacker(), victim()]);
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0, worst: latencies.at(-1) ?? 0, attackStatuses };
}

const port = await freePort();
const server = spawn(process.execPath, [BIN, '--port', String(port), '--max-messages', '2000'], { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'warn' } });
const url = `http://127.0.0.1:${port}`;
try {
  for (let attempt = 0; ; attempt++) {
    const ready = await httpCall(`${url}/_mock/health`).then((answer) => answer.status === 200, () => false);
    if (ready) break;
    if (attempt > 200) throw new Error('the mock server did not start');
    await delay(100);
  }
  await phase(url, false); // warm-up
  const quiet = await phase(url, false);
  const attacked = await phase(url, true);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  console.log('\n## Regex attack: the victim\'s latency (one connection, create-and-send of one new user)\n');
  console.log('| phase | victim requests | p99 | worst |');
  console.log('|---|---|---|---|');
  console.log(`| quiet (baseline) | ${quiet.requests} | ${ms(quiet.p99)} | ${ms(quiet.worst)} |`);
  console.log(`| under attack | ${attacked.requests} | ${ms(attacked.p99)} | ${ms(attacked.worst)} |`);
  console.log(`\nworst under attack / worst quiet: ${(attacked.worst / quiet.worst).toFixed(2)}×; attacker's answers: ${JSON.stringify(attacked.attackStatuses)}`);
} finally {
  server.kill('SIGKILL');
}
