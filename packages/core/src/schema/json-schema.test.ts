import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { generatedArtifacts, openApiDocument, requestJsonSchemas } from './json-schema';

const generatedDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'generated');

function committed(relative: string): string | undefined {
  try {
    return readFileSync(join(generatedDir, relative), 'utf8');
  } catch {
    return undefined;
  }
}

describe('generated JSON Schema and OpenAPI', () => {
  it.each(Object.entries(generatedArtifacts()))('committed generated/%s matches the schemas', (relative, fresh) => {
    const hint = `generated/${relative} is out of date with the zod schemas: run \`pnpm -F @triggerkit/core generate\` and commit the result`;
    expect(committed(relative), hint).toBe(fresh);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(openApiDocument());
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('describes the Braze endpoints with bearer auth and the documented responses, transactional email without rate limits', () => {
    type Operation = { parameters?: unknown[]; responses: Record<string, { headers?: Record<string, unknown> }> };
    const doc = openApiDocument() as { paths: Record<string, { post: Operation; get?: Operation }>; components: { securitySchemes: unknown } };
    const transactional = '/transactional/v1/campaigns/{campaign_id}/send';
    const schedules = ['campaigns', 'canvas'].flatMap((kind) => ['create', 'update', 'delete'].map((action) => `/${kind}/trigger/schedule/${action}`));
    const userWrites = ['/users/identify', '/users/alias/new', '/users/alias/update', '/users/delete', '/users/merge', '/subscription/status/set', '/v2/subscription/status/set'];
    const gets = ['/messages/scheduled_broadcasts', '/subscription/status/get', '/subscription/user/status'];
    expect(Object.keys(doc.paths)).toEqual(['/campaigns/trigger/send', '/canvas/trigger/send', '/users/track', '/sends/id/create', transactional, '/messages/send', '/users/export/ids', ...userWrites, ...schedules, ...gets]);
    const broadcasts = doc.paths['/messages/scheduled_broadcasts']?.get;
    expect(broadcasts?.parameters).toEqual([expect.objectContaining({ name: 'end_time', in: 'query', required: true })]);
    for (const get of gets) expect(Object.keys(doc.paths[get]?.get?.responses ?? {})).toEqual(['200', '400', '401', '403', '429']);
    expect(doc.paths['/subscription/status/get']?.get?.parameters).toContainEqual(expect.objectContaining({ name: 'subscription_group_id', in: 'query', required: true }));
    for (const [name, path] of Object.entries(doc.paths)) {
      if (gets.includes(name)) continue;
      expect(path.post.responses['415']?.headers).toBeUndefined();
      if (name === transactional) continue;
      expect(Object.keys(path.post.responses)).toEqual([name === '/users/merge' ? '202' : '201', '400', '401', '403', '413', '415', '429']);
      expect(Object.keys(path.post.responses['429']?.headers ?? {})).toEqual(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Retry-After']);
    }
    const send = doc.paths[transactional]?.post;
    expect(Object.keys(send?.responses ?? {})).toEqual(['201', '400', '401', '403', '413', '415']);
    for (const response of Object.values(send?.responses ?? {})) expect(response.headers).toBeUndefined();
    expect(send?.parameters).toEqual([{ name: 'campaign_id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(doc.components.securitySchemes).toEqual({ bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
  });

  it('keeps every $ref resolvable and describes the recursive audience grammar', () => {
    const text = JSON.stringify(openApiDocument());
    const components = (openApiDocument() as { components: { schemas: Record<string, unknown> } }).components.schemas;
    for (const [, id] of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(Object.keys(components)).toContain(id);
    expect(text).not.toContain('#/$defs/');
    const campaign = requestJsonSchemas()['campaign-trigger-send'] as { $defs: Record<string, { anyOf?: unknown[] }> };
    expect(campaign.$defs.AudienceExpression?.anyOf).toHaveLength(3);
  });
});
