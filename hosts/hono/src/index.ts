import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { fetchHost } from '@triggerkit/host-kit';

export const { framework, startHost } = fetchHost({ hostUrl: import.meta.url, Hono, serve });
