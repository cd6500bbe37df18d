import Fastify from 'fastify';
import { triggerKitServer } from '@triggerkit/fastify';
import { fastifyHost } from '@triggerkit/host-kit';

export const { framework, startHost } = fastifyHost({ hostUrl: import.meta.url, fastify: Fastify, triggerKitServer });
