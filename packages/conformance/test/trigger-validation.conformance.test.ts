import { describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';
import { KEYS } from './support/conformance.fixtures';
import { expectBadRequest, expectCreated, expectJson } from './support/assertions';
import { serve } from './support/host-session';

const FOUR_MB = 4 * 1024 * 1024;
const KB50 = 50 * 1024;
const ann = { external_user_id: 'ann' };

/** A valid trigger body padded (with an ignored unknown field) to exactly `bytes` bytes of JSON. */
function paddedTrigger(bytes: number): string {
  const head = '{"campaign_id":"welcome","recipients":[{"external_user_id":"ann"}],"padding":"';
  const tail = '"}';
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail;
}

describe.each(HOSTS)('spec 3.2, request-level rules of POST /campaigns/trigger/send: $name', (host) => {
  const { send } = serve(host);
  const trigger = (body: unknown) => send('POST', '/campaigns/trigger/send', { key: KEYS.all, body });

  it.each(['not json', '[1,2]', '"text"', '42', 'null', ''])('rule 1: %j is not a JSON object', async (raw) => {
    const response = await send('POST', '/campaigns/trigger/send', { key: KEYS.all, raw });
    expectBadRequest(response, 'Bad Request: body must be a JSON object');
  });

  it('rule 2: a body one byte over 4 MB is 413 "Payload Too Large"', async () => {
    const response = await send('POST', '/campaigns/trigger/send', { key: KEYS.all, raw: paddedTrigger(FOUR_MB + 1) });
    expectJson(response, 413, { message: 'Payload Too Large' });
  });

  it('rule 2: a body of exactly 4 MB is read and served', async () => {
    expectCreated(await send('POST', '/campaigns/trigger/send', { key: KEYS.all, raw: paddedTrigger(FOUR_MB) }));
  });

  it('rule 2: the connection still serves requests after a 413', async () => {
    await send('POST', '/campaigns/trigger/send', { key: KEYS.all, raw: paddedTrigger(FOUR_MB + 4096) });
    expectCreated(await trigger({ campaign_id: 'welcome', recipients: [ann] }));
  });

  it('a body nested deeper than 64 levels is a 400 naming the limit, and nothing of it is stored or sent', async () => {
    const deep = (levels: number): string => '{"d":'.repeat(levels) + '1' + '}'.repeat(levels);
    const tooDeep = `{"campaign_id":"welcome","recipients":[{"external_user_id":"deep-1","send_to_existing_only":false,"attributes":{"x":${deep(3000)}}}]}`;
    const limit = 'body: nested deeper than 64 levels (the maximum nesting depth of a request body)';
    expectBadRequest(await send('POST', '/campaigns/trigger/send', { key: KEYS.all, raw: tooDeep }), 'Bad Request', [limit]);
    const brackets = '{"attributes":' + '['.repeat(2_000_000) + ']'.repeat(2_000_000) + '}';
    expectBadRequest(await send('POST', '/users/track', { key: KEYS.all, raw: brackets }), 'Bad Request', [limit]);
    expectJson(await send('GET', '/_mock/users/deep-1', { key: KEYS.all }), 404, { message: 'User not found' });
    const messages = (await send('GET', '/_mock/messages?external_user_id=deep-1', { key: KEYS.all })).json as { messages: unknown[] };
    expect(messages.messages).toEqual([]);
    // 64 levels in all (the body object is the first) is within the limit
    const atLimit = `{"campaign_id":"welcome","recipients":[{"external_user_id":"deep-2","send_to_existing_only":false}],"trigger_properties":${deep(63)}}`;
    expectCreated(await send('POST', '/campaigns/trigger/send', { key: KEYS.all, raw: atLimit }));
  });

  it.each([{}, { campaign_id: 7 }, { campaign_id: null }])('rule 3: campaign_id in %j', async (fields) => {
    expectBadRequest(await trigger({ ...fields, recipients: [ann] }), 'campaign_id must be a string of the campaign api identifier', [/^campaign_id/]);
  });

  it('rule 4: more than 50 recipients', async () => {
    const recipients = Array.from({ length: 51 }, (_, i) => ({ external_user_id: `u-${i}` }));
    expectBadRequest(await trigger({ campaign_id: 'welcome', recipients }), 'The max number of external_ids and aliases per request was exceeded', [/^recipients/]);
  });

  it('rule 4: more than 50 recipients still lists the problems of each recipient', async () => {
    const recipients: object[] = Array.from({ length: 51 }, (_, i) => ({ external_user_id: `u-${i}` }));
    recipients[3] = { external_user_id: 'u-3', braze_id: 'b-3' };
    expectBadRequest(await trigger({ campaign_id: 'welcome', recipients }), 'The max number of external_ids and aliases per request was exceeded', [
      'recipients[3]: specify exactly one of external_user_id, user_alias, braze_id, email',
      /^recipients: /,
    ]);
  });

  it('rule 4: exactly 50 recipients are accepted', async () => {
    const recipients = Array.from({ length: 50 }, (_, i) => ({ external_user_id: `u-${i}` }));
    expectCreated(await trigger({ campaign_id: 'welcome', recipients }));
  });

  it('rule 5: broadcast together with recipients', async () => {
    expectBadRequest(await trigger({ campaign_id: 'welcome', broadcast: true, recipients: [ann] }), 'broadcast cannot be true when recipients are specified');
  });

  it.each([{}, { recipients: [] }, { broadcast: false }])('rule 6: no recipients in %j', async (fields) => {
    expectBadRequest(await trigger({ campaign_id: 'welcome', ...fields }), 'No Recipients');
  });

  it.each([{}, { external_user_id: 'a', braze_id: 'b' }, { external_user_id: 'a', user_alias: { alias_name: 'n', alias_label: 'l' } }])(
    'rule 7: recipient %j has zero or several identifiers',
    async (recipient) => {
      expectBadRequest(await trigger({ campaign_id: 'welcome', recipients: [ann, recipient] }), 'Invalid recipient', [
        'recipients[1]: specify exactly one of external_user_id, user_alias, braze_id, email',
      ]);
    },
  );

  it.each([{ email: 'a@example.com' }, { email: 'a@example.com', prioritization: ['identified', 'unidentified'] }, { email: 'a@example.com', prioritization: ['loudest'] }])(
    'rule 8: email recipient %j without a valid prioritization',
    async (recipient) => {
      expectBadRequest(await trigger({ campaign_id: 'welcome', recipients: [recipient] }), 'Invalid recipient', [/^recipients\[0\]/]);
    },
  );

  it('rule 8: an email recipient with a prioritization is accepted', async () => {
    expectCreated(await trigger({ campaign_id: 'welcome', recipients: [{ email: 'ann@example.com', prioritization: ['identified', 'most_recently_updated'] }] }));
  });

  it('rule 9: send_to_existing_only false with a user_alias', async () => {
    const recipient = { user_alias: { alias_name: 'n', alias_label: 'l' }, send_to_existing_only: false, attributes: { first_name: 'A' } };
    expectBadRequest(await trigger({ campaign_id: 'welcome', recipients: [recipient] }), 'Invalid recipient', [
      'recipients[0]: send_to_existing_only cannot be false for a user_alias recipient',
    ]);
  });

  it.each([
    ['top-level', (big: object) => ({ trigger_properties: big, recipients: [ann] })],
    ['per-recipient', (big: object) => ({ recipients: [{ ...ann, trigger_properties: big }] })],
  ])('rule 10: %s trigger_properties over 50 KB', async (_level, shape) => {
    const big = { blob: 'x'.repeat(KB50) };
    expectBadRequest(await trigger({ campaign_id: 'welcome', ...shape(big) }), 'trigger_properties exceeds 50KB');
  });

  it.each([
    { custom_attribute: { custom_attribute_name: 'plan', comparison: 'is_bigger', value: 1 } },
    { custom_attribute: { custom_attribute_name: 'plan', comparison: 'matches_regex', value: '(' } },
    { AND: [] },
    { planet: 'mars' },
  ])('rule 11: audience %j', async (audience) => {
    expectBadRequest(await trigger({ campaign_id: 'welcome', recipients: [ann], audience }), 'Invalid audience', [/^audience/]);
  });

  it.each([{ $weird: 1 }, { gender: 'X' }, { email_subscribe: 'maybe' }, { '': 1 }])('rule 12: attributes %j', async (attributes) => {
    expectBadRequest(await trigger({ campaign_id: 'welcome', recipients: [{ ...ann, attributes }] }), 'Invalid attributes', [/^recipients\[0\]\.attributes/]);
  });

  it('rule 13: wrong JSON types are "Bad Request" with path errors', async () => {
    expectBadRequest(await trigger({ campaign_id: 'welcome', recipients: [ann], broadcast: 'yes' }), 'Bad Request', [/^broadcast/]);
  });

  it('several failures: the first rule names the message, errors list every problem', async () => {
    const recipients = Array.from({ length: 51 }, (_, i) => ({ external_user_id: `u-${i}` }));
    const response = await trigger({ campaign_id: 5, recipients });
    expectBadRequest(response, 'campaign_id must be a string of the campaign api identifier', [/^campaign_id/, /^recipients/]);
  });

  it('all or nothing: a valid create-and-send next to an invalid recipient creates nobody', async () => {
    const recipients = [{ external_user_id: 'never-created', send_to_existing_only: false, attributes: { first_name: 'N' } }, { braze_id: 'b', email: 'e@example.com' }];
    expectBadRequest(await trigger({ campaign_id: 'welcome', recipients }), 'Invalid recipient');
    expectJson(await send('GET', '/_mock/users/never-created', { key: KEYS.all }), 404, { message: 'User not found' });
  });

  it('ignores unknown fields and treats an empty trigger_properties string as absent', async () => {
    expectCreated(await trigger({ campaign_id: 'welcome', recipients: [{ ...ann, shoe_size: 9 }], trigger_properties: '', extra: true }));
  });

  it('rejects attachments on a broadcast with "Bad Request"', async () => {
    const response = await trigger({ campaign_id: 'welcome', broadcast: true, attachments: [{ file_name: 'a.pdf', url: 'https://example.com/a.pdf' }] });
    expectBadRequest(response, 'Bad Request');
  });

  it.each([
    ['missing-campaign', 'Campaign does not exist'],
    ['paused-campaign', 'The campaign is paused. Resume the campaign in order for trigger requests to take effect.'],
    ['archived-campaign', 'The campaign is archived. Unarchive the campaign in order for trigger requests to take effect.'],
    ['api-promo', 'The campaign is not an API-triggered campaign'],
    ['receipt', 'The campaign is not an API-triggered campaign'],
  ])('campaign check: %s → %j, errors holding the message', async (campaign_id, message) => {
    const response = await trigger({ campaign_id, recipients: [{ external_user_id: `new-${campaign_id}`, send_to_existing_only: false, attributes: { first_name: 'N' } }] });
    expectJson(response, 400, { message, errors: [message] });
    expectJson(await send('GET', `/_mock/users/new-${campaign_id}`, { key: KEYS.all }), 404, { message: 'User not found' });
  });
});

describe.each(HOSTS)('spec 4, POST /canvas/trigger/send rules: $name', (host) => {
  const { send } = serve(host);
  const trigger = (body: unknown) => send('POST', '/canvas/trigger/send', { key: KEYS.all, body });

  it('canvas_id missing or not a string', async () => {
    expectBadRequest(await trigger({ recipients: [ann] }), 'canvas_id must be a string of the Canvas api identifier');
    expectBadRequest(await trigger({ canvas_id: ['x'], recipients: [ann] }), 'canvas_id must be a string of the Canvas api identifier');
  });

  it('unknown canvas', async () => {
    expectJson(await trigger({ canvas_id: 'nope', recipients: [ann] }), 400, { message: 'Canvas does not exist', errors: ['Canvas does not exist'] });
  });

  it.each([
    ['top level', { context: { a: 1 }, canvas_entry_properties: { a: 2 }, recipients: [ann] }],
    ['a recipient', { recipients: [{ ...ann, context: { a: 1 }, canvas_entry_properties: { a: 2 } }] }],
  ])('context and canvas_entry_properties both at %s', async (_level, fields) => {
    expectBadRequest(await trigger({ canvas_id: 'onboarding', ...fields }), 'Bad Request', [/use either context or canvas_entry_properties, not both$/]);
  });

  it('context over 50 KB', async () => {
    const response = await trigger({ canvas_id: 'onboarding', recipients: [ann], context: { blob: 'x'.repeat(KB50) } });
    expect(response.status).toBe(400);
  });

  it.each([
    ['paused-canvas', 'The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect.'],
    ['archived-canvas', 'The Canvas is archived. Unarchive the Canvas to ensure trigger requests will take effect.'],
  ])('%s: 201 with the notice, nothing processed', async (canvas_id, notice) => {
    const recipients = [ann, { external_user_id: `inactive-${canvas_id}`, send_to_existing_only: false, attributes: { first_name: 'N' } }];
    const created = expectCreated(await trigger({ canvas_id, recipients }));
    expect(created.notice).toBe(notice);
    const dispatch = await send('GET', `/_mock/dispatches/${created.dispatch_id}`, { key: KEYS.all });
    const outcomes = (dispatch.json as { recipients: { outcome: string; reason?: string; created: boolean }[] }).recipients;
    expect(outcomes.map(({ outcome, reason, created: wasCreated }) => ({ outcome, reason, created: wasCreated }))).toEqual([
      { outcome: 'skipped', reason: 'canvas_inactive', created: false },
      { outcome: 'skipped', reason: 'canvas_inactive', created: false },
    ]);
    expect((await send('GET', `/_mock/messages?canvas_id=${canvas_id}`, { key: KEYS.all })).json).toEqual({ messages: [] });
    expect((await send('GET', `/_mock/users/inactive-${canvas_id}`, { key: KEYS.all })).status).toBe(404);
  });
});
