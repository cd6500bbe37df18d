import { afterAll, beforeAll } from 'vitest';
import type { TriggerKitHandlerOptions } from '@triggerkit/core';
import type { Host, StartedHost } from '../../src/hosts';
import { conformanceConfig } from './conformance.fixtures';
import { exchangeWith, type Exchange, type SendOptions } from './http-exchange';

export interface HostSession {
  send(method: string, path: string, options?: SendOptions): Promise<Exchange>;
  readonly url: string;
}

/** Starts `host` on 127.0.0.1:0 before the enclosing describe's tests and closes it after them. */
export function serve(host: Host, options: Partial<TriggerKitHandlerOptions> = {}): HostSession {
  let started: StartedHost | undefined;
  beforeAll(async () => {
    started = await host.startHost({ config: conformanceConfig, logger: { error: () => {} }, ...options });
  });
  afterAll(async () => {
    await started?.close();
  });
  const current = (): StartedHost => {
    if (started === undefined) throw new Error(`${host.name} is not started`);
    return started;
  };
  return {
    send: (method, path, sendOptions) => exchangeWith(current().url)(method, path, sendOptions),
    get url() {
      return current().url;
    },
  };
}
