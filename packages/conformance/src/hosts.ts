import type { TriggerKitHandlerOptions } from '@triggerkit/core';
import * as express4 from '@triggerkit/host-express4';
import * as express5 from '@triggerkit/host-express5';
import * as nest11 from '@triggerkit/host-nest11';
import * as nest12 from '@triggerkit/host-nest12';

export interface StartedHost {
  /** Base URL of the mounted Braze endpoints, no trailing slash (e.g. `http://127.0.0.1:1234/braze`). */
  url: string;
  close(): Promise<void>;
}

export interface Host {
  name: string;
  /** The framework major this host must run. */
  major: number;
  framework: { name: string; version: string; versionSeenByAdapter: string };
  startHost(options: TriggerKitHandlerOptions): Promise<StartedHost>;
}

/** Every host the conformance suite runs against: each adapter on each framework major it supports. */
export const HOSTS: readonly Host[] = [
  { name: 'express 4 router', major: 4, ...express4 },
  { name: 'express 5 router', major: 5, ...express5 },
  { name: 'nest 11 server module', major: 11, ...nest11 },
  { name: 'nest 12 server module', major: 12, ...nest12 },
];
