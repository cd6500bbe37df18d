/**
 * The load generator: autocannon in this process (pinned to the load core), 50 connections, a new
 * body for every request from `bodySource`, bounded by `durationS`.
 */
import autocannon from 'autocannon';
import { JSON_HEADERS } from './contenders.ts';

export interface LoadResult {
  /** 2xx responses per second over the measured time. */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  /** Request errors by code or message (connection resets, timeouts), for the failure message. */
  errorKinds: Record<string, number>;
  /** Share of one core the load generator used while measuring (1 = a whole core): near 1 means it, not the server, set the pace. */
  loadCpuShare: number;
}

export const CONNECTIONS = 50;

export async function runLoad(url: string, durationS: number, nextBody: () => string): Promise<LoadResult> {
  const cpuBefore = process.cpuUsage();
  const instance = autocannon({
    url: `${url}/campaigns/trigger/send`,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: durationS,
    timeout: 30,
    method: 'POST',
    headers: JSON_HEADERS,
    requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }],
    // Without a callback autocannon returns its instance (an EventEmitter) made thenable.
  }) as unknown as autocannon.Instance & PromiseLike<autocannon.Result>;
  const errorSamples = new Map<string, number>();
  instance.on('reqError', (error: Error & { code?: string }) => {
    const key = error.code ?? error.message;
    errorSamples.set(key, (errorSamples.get(key) ?? 0) + 1);
  });
  const result = await instance;
  const cpu = process.cpuUsage(cpuBefore);
  const ok = result['2xx'];
  return {
    reqPerSec: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
    errorKinds: Object.fromEntries(errorSamples),
    loadCpuShare: (cpu.user + cpu.system) / 1e6 / result.duration,
  };
}
