import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  text: string;
}

/**
 * One request on its own connection (no keep-alive pool): the harness's probes and checks must
 * not reuse a socket that the server is about to close as idle.
 */
export function httpCall(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false, timeout: init.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${init.timeoutMs ?? 30_000} ms`)));
    req.on('error', reject);
    req.end(init.body);
  });
}
