import { describe, expect, it } from 'vitest';
import { fieldsAt, parsePath, suggestKey, withSuggestions } from './config.suggestions.ts';
import { requestJsonSchemas } from '@triggerkit/core';

const schema = requestJsonSchemas()['mock-server-config'];

describe('did-you-mean for unknown configuration fields', () => {
  it('suggests the field a typo was meant to be, at each level of the file', () => {
    expect(
      withSuggestions([
        'workspaces[0].campaings: unknown field',
        'workspacs: unknown field',
        'workspaces[1].api_keys[0].permisions: unknown field',
        'workspaces[0].rate_limits.triger: unknown field',
        'workspaces[0].campaigns[2].mesage: unknown field',
        'workspaces[0].canvases[0].message.titel: unknown field',
      ]),
    ).toEqual([
      "workspaces[0].campaings: unknown field; did you mean 'campaigns'?",
      "workspacs: unknown field; did you mean 'workspaces'?",
      "workspaces[1].api_keys[0].permisions: unknown field; did you mean 'permissions'?",
      "workspaces[0].rate_limits.triger: unknown field; did you mean 'trigger'?",
      "workspaces[0].campaigns[2].mesage: unknown field; did you mean 'message'?",
      "workspaces[0].canvases[0].message.titel: unknown field; did you mean 'title'?",
    ]);
  });

  it('leaves other problems, and unknown fields like no allowed one, as they are', () => {
    const problems = ['workspaces[0].name: required', 'workspaces[0].colour: unknown field', 'workspaces[0].campaigns[0].status: must be one of "active", "paused", "archived"'];
    expect(withSuggestions(problems)).toEqual(problems);
  });

  it('suggests only near misses', () => {
    expect(suggestKey('campaings', ['campaigns', 'canvases'])).toBe('campaigns');
    expect(suggestKey('users', ['name', 'api_keys'])).toBeUndefined();
    expect(suggestKey('x', ['id'])).toBeUndefined();
    expect(suggestKey('ky', ['key', 'permissions'])).toBe('key');
  });

  it('parses the paths core prints back into segments', () => {
    expect(parsePath('workspaces[0].campaigns[12]["odd key"].id')).toEqual(['workspaces', 0, 'campaigns', 12, 'odd key', 'id']);
    expect(parsePath('a..b')).toBeUndefined();
  });

  it('knows the fields allowed at a path, over every channel of a campaign', () => {
    expect(fieldsAt(schema, [])).toEqual(['$schema', 'workspaces']);
    expect(fieldsAt(schema, ['workspaces', 0, 'campaigns', 0, 'message']).sort()).toEqual(['body', 'subject', 'title']);
  });
});
