import type { HostModule } from '@triggerkit/host-kit';
import * as express4 from '@triggerkit/host-express4';
import * as express5 from '@triggerkit/host-express5';
import * as fastify4 from '@triggerkit/host-fastify4';
import * as fastify5 from '@triggerkit/host-fastify5';
import * as hono from '@triggerkit/host-hono';
import * as nest11 from '@triggerkit/host-nest11';
import * as nest11Fastify from '@triggerkit/host-nest11-fastify';
import * as nest12 from '@triggerkit/host-nest12';
import * as nest12Fastify from '@triggerkit/host-nest12-fastify';

export type { StartedHost } from '@triggerkit/host-kit';

export interface Host extends HostModule {
  name: string;
  /** The framework major this host must run. */
  major: number;
}

/** Every host the conformance suite runs against: each adapter on each framework major (and Nest platform) it supports. */
export const HOSTS: readonly Host[] = [
  { name: 'express 4 router', major: 4, ...express4 },
  { name: 'express 5 router', major: 5, ...express5 },
  { name: 'nest 11 server module', major: 11, ...nest11 },
  { name: 'nest 12 server module', major: 12, ...nest12 },
  { name: 'fastify 4 plugin', major: 4, ...fastify4 },
  { name: 'fastify 5 plugin', major: 5, ...fastify5 },
  { name: 'nest 11 server module on fastify', major: 11, ...nest11Fastify },
  { name: 'nest 12 server module on fastify', major: 12, ...nest12Fastify },
  { name: 'fetch handler on hono 4', major: 4, ...hono },
];
