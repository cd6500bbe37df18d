import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PERMISSIONS } from '@triggerkit/core';
import { describe, expect, it } from 'vitest';
import { demoKeysOf, jsonErrorAt, loadConfig } from './config.loader.ts';

async function fileWith(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'triggerkit-config-')), 'config.json');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('without a file, loads the demo workspace whose key has every permission', async () => {
    const result = await loadConfig(undefined);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const [demo] = result.config.workspaces;
    expect(demo?.name).toBe('demo');
    expect(demoKeysOf(result.config)).toEqual(['demo-key']);
    expect(demo?.api_keys[0]?.permissions).toEqual(
      expect.arrayContaining(['campaigns.trigger.send', 'canvas.trigger.send', 'users.track', 'sends.id.create', 'mock.inspect']),
    );
    // Every endpoint served is open to the demo key.
    const granted: readonly string[] = demo?.api_keys[0]?.permissions ?? [];
    expect(PERMISSIONS.filter((permission) => !granted.includes(permission))).toEqual([]);
  });

  it('ships demo campaigns for create-and-send, a segment and a canvas with context', async () => {
    const result = await loadConfig(undefined);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const text = JSON.stringify(result.config);
    expect(text).toContain("{{${first_name} | default: 'there'}}");
    expect(text).toContain('{{api_trigger_properties.${order_id}}}');
    expect(text).toContain('"custom_attribute_name":"gender"');
    expect(text).toContain('{{context.${step}}}');
  });

  it('returns a valid file with its defaults applied', async () => {
    const file = await fileWith(JSON.stringify({ workspaces: [{ name: 'acme', api_keys: [{ key: 'k', permissions: ['users.track'] }] }] }));
    const result = await loadConfig(file);
    expect(result.ok && result.config.workspaces[0]).toMatchObject({ name: 'acme', campaigns: [], users: [] });
    expect(result.source).toBe(file);
  });

  it('lists every problem by path', async () => {
    const file = await fileWith(JSON.stringify({ workspaces: [{ api_keys: [] }, { name: 'b', api_keys: [{ key: 'k', permissions: ['nope'] }] }] }));
    const result = await loadConfig(file);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.some((problem) => problem.startsWith('workspaces[0].name'))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('workspaces[1].api_keys[0].permissions[0]'))).toBe(true);
  });

  it('reports where the JSON breaks by line and column', async () => {
    const file = await fileWith('{\n  "workspaces": [\n    {"name": "a" "api_keys": []}\n  ]\n}\n');
    // V8 words the reason differently from version to version; the place is ours.
    expect(await loadConfig(file)).toMatchObject({ ok: false, problems: [expect.stringMatching(new RegExp(`^${escape(file)} is not valid JSON: line 3, column 18: \\S`))] });
    const truncated = await fileWith('{"workspaces": [\n');
    expect(await loadConfig(truncated)).toMatchObject({ ok: false, problems: [`${truncated} is not valid JSON: line 2, column 1: Unexpected end of JSON input`] });
  });

  it('turns a character position into line and column, with or without V8 naming them too', () => {
    const text = 'ab\ncd\nef';
    expect(jsonErrorAt(text, 'Unexpected token x in JSON at position 4')).toBe('line 2, column 2: Unexpected token x');
    expect(jsonErrorAt(text, "Expected ',' or '}' after property value in JSON at position 6 (line 3 column 1)")).toBe("line 3, column 1: Expected ',' or '}' after property value");
    expect(jsonErrorAt(text, 'something else')).toBe('something else');
  });

  it('suggests the field an unknown one was likely meant to be', async () => {
    const file = await fileWith(JSON.stringify({ workspaces: [{ name: 'a', api_keys: [{ key: 'k', permissions: [] }], campaings: [] }] }));
    expect(await loadConfig(file)).toMatchObject({ ok: false, problems: ["workspaces[0].campaings: unknown field; did you mean 'campaigns'?"] });
  });

  it('parses every message template: a Liquid syntax error names the field, the campaign and the error', async () => {
    const campaigns = [{ id: 'welcome', channel: 'email', message: { subject: 'Hi', body: 'Hi {{ first_name' } }];
    const file = await fileWith(JSON.stringify({ workspaces: [{ name: 'a', api_keys: [{ key: 'k', permissions: [] }], campaigns }] }));
    expect(await loadConfig(file)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^workspaces\[0\]\.campaigns\[0\]\.message\.body \(campaign "welcome"\): output "\{\{ first_name" not closed/)],
    });
  });

  it('reports text that is not JSON, and a file that cannot be read', async () => {
    const file = await fileWith('{"workspaces": [');
    expect(await loadConfig(file)).toMatchObject({ ok: false, problems: [expect.stringMatching(/^.*config\.json is not valid JSON: /)] });
    expect(await loadConfig('/nonexistent/mock.json')).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('cannot read /nonexistent/mock.json: ENOENT')],
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
