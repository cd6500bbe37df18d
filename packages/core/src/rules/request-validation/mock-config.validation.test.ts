import { describe, expect, it } from 'vitest';
import { MAX_LISTED_CONFIG_PROBLEMS, validateMockServerConfig } from './mock-config.validation';
import { PERMISSIONS } from '../../schema/mock-config.schema';

const workspace = { name: 'acme', api_keys: [{ key: 'acme-all', permissions: ['campaigns.trigger.send', 'mock.inspect'] }] };

describe('validateMockServerConfig: spec 13', () => {
  it('takes apps, segments and subscription groups (endpoints spec 15) and reports bad or repeated entries by path', () => {
    const extra = {
      apps: [{ id: 'ios-app', platform: 'ios' }, { id: 'ios-app', platform: 'android' }],
      segments: [{ id: 'vip', filter: { custom_attribute: { custom_attribute_name: 'vip', comparison: 'equals', value: true } } }, { id: 'bad', filter: { nope: 1 } }],
      subscription_groups: [{ id: 'sg-sms', channel: 'sms' }, { id: 'sg-fax', channel: 'fax' }],
    };
    const result = validateMockServerConfig({ workspaces: [{ ...workspace, ...extra }] });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toContain('workspaces[0].apps[1].id: duplicate id "ios-app"');
    expect(errors.some((e) => e.startsWith('workspaces[0].segments[1].filter'))).toBe(true);
    expect(errors.some((e) => e.startsWith('workspaces[0].subscription_groups[1].channel'))).toBe(true);
    const good = validateMockServerConfig({ workspaces: [{ ...workspace, apps: [extra.apps[0]], segments: [extra.segments[0]], subscription_groups: [extra.subscription_groups[0]] }] });
    expect(good.ok && good.value.workspaces[0]?.subscription_groups).toEqual([{ id: 'sg-sms', channel: 'sms' }]);
  });

  it('applies every default', () => {
    const result = validateMockServerConfig({ workspaces: [workspace] });
    expect(result).toEqual({
      ok: true,
      value: {
        workspaces: [
          {
            ...workspace,
            users_track_delay_ms: 0,
            random_seed: 1,
            rate_limits: {
              trigger: { limit: 250_000, window_seconds: 3600 },
              broadcast: { limit: 250, window_seconds: 60 },
              users_track: { limit: 3000, window_seconds: 3 },
              send_ids: { limit: 100, window_seconds: 86_400 },
              broadcast_per_audience: { limit: 10, window_seconds: 60 },
              default: { limit: 250_000, window_seconds: 3600 },
              user_data: { limit: 20_000, window_seconds: 60 },
              users_export_ids: { limit: 250, window_seconds: 60 },
              users_export_ids_fast: { limit: 40, window_seconds: 1 },
              subscription_set: { limit: 5_000, window_seconds: 60 },
            },
            users_track_batch: 'combined',
            time_zone: 'UTC',
            clock: { mode: 'system' },
            optimal_send_hour: 12,
            export_fields_required: true,
            apps: [],
            segments: [],
            subscription_groups: [],
            campaigns: [],
            canvases: [],
            users: [],
          },
        ],
      },
    });
  });

  // Rev 2's two optional workspace fields.
  it('takes rate_limits.broadcast_per_audience and users_track_batch, and refuses other batch modes', () => {
    const result = validateMockServerConfig({ workspaces: [{ ...workspace, rate_limits: { broadcast_per_audience: { limit: 2, window_seconds: 30 } }, users_track_batch: 'per_array' }] });
    expect(result.ok && [result.value.workspaces[0]?.rate_limits.broadcast_per_audience, result.value.workspaces[0]?.users_track_batch]).toEqual([{ limit: 2, window_seconds: 30 }, 'per_array']);
    const bad = validateMockServerConfig({ workspaces: [{ ...workspace, users_track_batch: 'legacy', rate_limits: { broadcast_per_audience: { limit: -1, window_seconds: 60 } } }] });
    expect(!bad.ok && bad.errors).toEqual([
      'workspaces[0].rate_limits.broadcast_per_audience.limit: must be at least 0',
      'workspaces[0].users_track_batch: must be one of "combined", "per_array"',
    ]);
  });

  it('takes the mock clock, time_zone and optimal_send_hour (endpoints spec 2, 15), listing bad values by path', () => {
    const ok = validateMockServerConfig({ workspaces: [{ ...workspace, time_zone: 'Europe/Berlin', clock: { mode: 'manual' }, optimal_send_hour: 0 }] });
    expect(ok.ok && ok.value.workspaces[0]).toMatchObject({ time_zone: 'Europe/Berlin', clock: { mode: 'manual', start: '2026-01-01T00:00:00.000Z' }, optimal_send_hour: 0 });
    const bad = validateMockServerConfig({
      workspaces: [{ ...workspace, time_zone: 'Mars/Olympus', clock: { mode: 'manual', start: '2026-01-01T00:00:00' }, optimal_send_hour: 24 }],
    });
    expect(bad.ok ? [] : bad.errors).toEqual([
      'workspaces[0].time_zone: must be an IANA time zone name',
      'workspaces[0].clock.start: must be an ISO-8601 date-time with a time zone designator',
      'workspaces[0].optimal_send_hour: must be at most 23',
    ]);
    const mode = validateMockServerConfig({ workspaces: [{ ...workspace, clock: { mode: 'frozen' } }] });
    expect(mode.ok ? [] : mode.errors).toEqual(['workspaces[0].clock.mode: unknown value "frozen"']);
  });

  it('accepts the spec example', () => {
    const result = validateMockServerConfig({
      workspaces: [
        {
          ...workspace,
          users_track_delay_ms: [10, 100],
          rate_limits: { broadcast: { limit: 2, window_seconds: 1 } },
          campaigns: [
            {
              id: 'order-confirmation',
              status: 'active',
              channel: 'email',
              segment: { custom_attribute: { custom_attribute_name: 'gender', comparison: 'equals', value: 'F' } },
              message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: "Hi {{${first_name} | default: 'there'}}" },
            },
          ],
          canvases: [{ id: 'onboarding', channel: 'push', message: { title: 'Welcome', body: '{{context.${step}}}' } }],
          users: [{ external_id: 'u-1', attributes: { email: 'u1@example.com', first_name: 'Ann' } }],
        },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [acme] = result.value.workspaces;
    expect(acme?.rate_limits.broadcast).toEqual({ limit: 2, window_seconds: 1 });
    expect(acme?.rate_limits.trigger).toEqual({ limit: 250_000, window_seconds: 3600 });
    expect(acme?.canvases[0]?.status).toBe('active');
    expect(acme?.users[0]?.user_aliases).toEqual([]);
  });

  it('lists every problem by path', () => {
    const result = validateMockServerConfig({
      workspaces: [
        {
          name: '',
          api_keys: [{ key: 'k', permissions: ['campaigns.trigger.send', 'everything'] }],
          users_track_delay_ms: [100, 10],
          campaigns: [
            { id: 'a', channel: 'email', message: { subject: 's', body: 'b' } },
            { id: 'b', channel: 'fax', message: { body: 'b' } },
            { id: 'a', channel: 'sms', status: 'deleted', message: { body: 'b' }, segment: { NOT: [] } },
            { id: 'c', channel: 'push', message: { body: 'b' } },
          ],
          users: [{ attributes: { gender: 'x' } }],
        },
        { name: 'other', api_keys: [{ key: 'k', permissions: [] }] },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        'workspaces[0].name: must not be empty',
        `workspaces[0].api_keys[0].permissions[1]: must be one of ${PERMISSIONS.map((permission) => JSON.stringify(permission)).join(', ')}`,
        'workspaces[0].users_track_delay_ms: must be [min, max] with min <= max',
        'workspaces[0].campaigns[1].channel: unknown value "fax"',
        'workspaces[0].campaigns[2].status: must be one of "active", "paused", "archived"',
        expect.stringMatching(/^workspaces\[0\]\.campaigns\[2\]\.segment: must have one of/),
        'workspaces[0].campaigns[3].message.title: required',
        'workspaces[0].campaigns[2].id: duplicate id "a"',
        'workspaces[0].users[0].attributes.gender: must be one of "M", "F", "O", "N", "P"',
        'workspaces[0].users[0]: needs an external_id, a braze_id or a user alias',
        'workspaces[1].api_keys[0].key: an API key belongs to exactly one workspace; this key is used twice',
      ]),
    );
  });

  it('still checks the other fields of an entry whose channel is unknown', () => {
    const result = validateMockServerConfig({
      workspaces: [{ ...workspace, canvases: [{ id: '', channel: 'fax', status: 'live', segment: { NOT: [] }, message: 'x' }] }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'workspaces[0].canvases[0].channel: unknown value "fax"',
      'workspaces[0].canvases[0].id: must not be empty',
      'workspaces[0].canvases[0].status: must be one of "active", "paused", "archived"',
      expect.stringMatching(/^workspaces\[0\]\.canvases\[0\]\.segment: must have one of/),
      'workspaces[0].canvases[0].message: must be an object, got string',
    ]);
  });

  it('rejects seed users sharing a braze_id or a user alias, which would silently merge them', () => {
    const alias = { alias_name: 'a-1', alias_label: 'crm' };
    const result = validateMockServerConfig({
      workspaces: [
        {
          ...workspace,
          users: [
            { external_id: 'u-1', braze_id: 'b-1', user_aliases: [alias] },
            { external_id: 'u-2', braze_id: 'b-1' },
            { user_aliases: [{ alias_name: 'a-2', alias_label: 'crm' }, { ...alias }] },
            { external_id: 'u-3', user_aliases: [{ alias_name: 'a-1', alias_label: 'other' }] },
          ],
        },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: ['workspaces[0].users[1].braze_id: duplicate braze_id "b-1"', 'workspaces[0].users[2].user_aliases[1]: duplicate user alias "a-1" with label "crm"'],
    });
  });

  it('bounds users_track_delay_ms by what a timer can wait (2^31 - 1 ms), so a long delay never fires at once', () => {
    const tooLong = 2 ** 31;
    for (const delay of [tooLong, [0, tooLong]]) {
      const result = validateMockServerConfig({ workspaces: [{ ...workspace, users_track_delay_ms: delay }] });
      expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^workspaces\[0\]\.users_track_delay_ms(\[1\])?: must be at most 2147483647$/)]);
    }
    expect(validateMockServerConfig({ workspaces: [{ ...workspace, users_track_delay_ms: tooLong - 1 }] }).ok).toBe(true);
  });

  it('says "an integer" for a fractional random_seed', () => {
    expect(validateMockServerConfig({ workspaces: [{ ...workspace, random_seed: 1.5 }] })).toEqual({
      ok: false,
      errors: ['workspaces[0].random_seed: must be an integer, got number'],
    });
  });

  it('reports unknown fields by path, so a typo is not silently ignored', () => {
    const typo = {
      $schema: './mock-server-config.json',
      workspace: [],
      workspaces: [
        {
          ...workspace,
          users_track_delay: 1000,
          rate_limits: { trigger: { limit: 1, window_seconds: 1, burst: 2 } },
          campaigns: [{ id: 'c', channel: 'email', segmnet: {}, message: { subject: 's', body: 'b', html: 'h' } }],
          users: [{ external_id: 'u', attribute: { first_name: 'A' } }],
        },
      ],
    };
    expect(validateMockServerConfig(typo)).toEqual({
      ok: false,
      errors: [
        'workspaces[0].rate_limits.trigger.burst: unknown field',
        'workspaces[0].campaigns[0].message.html: unknown field',
        'workspaces[0].campaigns[0].segmnet: unknown field',
        'workspaces[0].users[0].attribute: unknown field',
        'workspaces[0].users_track_delay: unknown field',
        'workspace: unknown field',
      ],
    });
  });

  it('rejects a non-object and an empty workspace list', () => {
    expect(validateMockServerConfig('x')).toEqual({ ok: false, errors: ['configuration must be a JSON object'] });
    expect(validateMockServerConfig({ workspaces: [] })).toEqual({ ok: false, errors: ['workspaces: must not be empty'] });
    expect(validateMockServerConfig({})).toEqual({ ok: false, errors: ['workspaces: required'] });
  });
});

describe('validateMockServerConfig on huge generated files', () => {
  const workspace = (fields: Record<string, unknown>) => ({ workspaces: [{ name: 'w', api_keys: [{ key: 'k', permissions: [] }], ...fields }] });

  it('lists the first 100 problems of 100,000 invalid campaigns and counts the rest, instead of overflowing the stack', () => {
    const campaigns = Array.from({ length: 100_000 }, (_, i) => ({ id: `c${i}`, status: 'nope', channel: 'email', message: { subject: 's', body: 'b' } }));
    const result = validateMockServerConfig(workspace({ campaigns }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(MAX_LISTED_CONFIG_PROBLEMS + 1);
    expect(result.errors[0]).toMatch(/^workspaces\[0\]\.campaigns\[0\]\.status: /);
    expect(result.errors.at(-1)).toMatch(/^… and \d+ more problems$/);
  });

  it('reports 100,000 duplicate ids in one pass, bounded', () => {
    const campaigns = Array.from({ length: 100_000 }, () => ({ id: 'same', status: 'active', channel: 'sms', message: { body: 'b' } }));
    const result = validateMockServerConfig(workspace({ campaigns }));
    expect(result.ok ? [] : result.errors.slice(0, 2)).toEqual(['workspaces[0].campaigns[1].id: duplicate id "same"', 'workspaces[0].campaigns[2].id: duplicate id "same"']);
    expect(result.ok ? 0 : result.errors.length).toBe(MAX_LISTED_CONFIG_PROBLEMS + 1);
  });

  it('still accepts 100,000 valid seed users', () => {
    const users = Array.from({ length: 100_000 }, (_, i) => ({ external_id: `u-${i}` }));
    expect(validateMockServerConfig(workspace({ users })).ok).toBe(true);
  });
});

describe('validateMockServerConfig: campaign types (endpoints spec 15)', () => {
  const base = { name: 'acme', api_keys: [{ key: 'k', permissions: ['users.track'] }] };
  const config = (campaigns: unknown[]) => validateMockServerConfig({ workspaces: [{ ...base, campaigns }] });

  it('defaults to api_triggered and takes api (no message) and transactional (email) campaigns with names and tags', () => {
    const result = config([
      { id: 'welcome', channel: 'email', message: { subject: 's', body: 'b' } },
      { id: 'api-promo', type: 'api', name: 'Promo', tags: ['promo'] },
      { id: 'receipt', type: 'transactional', channel: 'email', message: { subject: 's', body: 'b' } },
    ]);
    expect(result.ok && result.value.workspaces[0]?.campaigns).toEqual([
      { id: 'welcome', type: 'api_triggered', status: 'active', channel: 'email', message: { subject: 's', body: 'b' } },
      { id: 'api-promo', type: 'api', status: 'active', name: 'Promo', tags: ['promo'] },
      { id: 'receipt', type: 'transactional', status: 'active', channel: 'email', message: { subject: 's', body: 'b' } },
    ]);
  });

  it('refuses a message on an api campaign, a transactional campaign on another channel and an unknown type, by path', () => {
    const result = config([
      { id: 'a', type: 'api', channel: 'email', message: { subject: 's', body: 'b' } },
      { id: 't', type: 'transactional', channel: 'sms', message: { body: 'b' } },
      { id: 'x', type: 'broadcast', channel: 'sms', message: { body: 'b' } },
    ]);
    expect(!result.ok && result.errors).toEqual([
      'workspaces[0].campaigns[0].channel: unknown field',
      'workspaces[0].campaigns[0].message: unknown field',
      'workspaces[0].campaigns[1].channel: must be "email" for a transactional campaign',
      'workspaces[0].campaigns[2].type: unknown value "broadcast"',
    ]);
  });
});
