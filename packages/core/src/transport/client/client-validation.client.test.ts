import { afterEach, describe, expect, it } from 'vitest';
import { PayloadTooLargeError, ValidationError } from '../../errors';
import { type ScriptedServer, startScriptedServer } from './scripted-server.fixture';
import { TriggerKitClient } from './triggerkit.client';

let server: ScriptedServer;
let client: TriggerKitClient;
afterEach(async () => {
  expect(server.requests).toHaveLength(0);
  await server.close();
});

async function setup() {
  server = await startScriptedServer(() => ({ status: 201, body: { dispatch_id: 'd', message: 'success' } }));
  client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'k' });
}

/** Calls the client with a body its types forbid, as a JavaScript caller could. */
const untyped = <T>(value: unknown) => value as T;

describe('validation before any network call (spec 3.2)', () => {
  it.each([
    ['no recipients', { campaign_id: 'c' }, 'No Recipients', 'recipients: required (non-empty) unless broadcast is true'],
    ['a missing campaign_id', { recipients: [{ external_user_id: 'u' }] }, 'campaign_id must be a string of the campaign api identifier', 'campaign_id: required'],
    [
      'a recipient with two identifiers',
      { campaign_id: 'c', recipients: [{ external_user_id: 'u', braze_id: 'b' }] },
      'Invalid recipient',
      'recipients[0]: specify exactly one of external_user_id, user_alias, braze_id, email',
    ],
    ['broadcast with recipients', { campaign_id: 'c', broadcast: true, recipients: [{ external_user_id: 'u' }] }, 'broadcast cannot be true when recipients are specified', undefined],
  ])('campaigns.triggerSend rejects %s', async (_name, body, message, firstError) => {
    await setup();
    const error = await client.campaigns.triggerSend(untyped(body)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ httpStatus: 400, message });
    if (firstError !== undefined) expect((error as ValidationError).errors).toContain(firstError);
  });

  it('rejects a body that is not an object', async () => {
    await setup();
    await expect(client.campaigns.triggerSend(untyped(null))).rejects.toMatchObject({ message: 'Bad Request: body must be a JSON object' });
  });

  it('canvas.triggerSend rejects context together with canvas_entry_properties', async () => {
    await setup();
    await expect(client.canvas.triggerSend({ canvas_id: 'cv', context: { a: 1 }, canvas_entry_properties: { a: 2 }, broadcast: true })).rejects.toMatchObject({
      message: 'Bad Request',
      errors: [expect.stringContaining('use either context or canvas_entry_properties, not both')],
    });
  });

  it('users.track refuses invalid items rather than letting the server drop them', async () => {
    await setup();
    const error = await client.users.track(untyped({ attributes: [{ external_id: 'u', gender: 'X' }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors[0]).toMatch(/^attributes\[0\]/);
  });

  it('sends.createId rejects a send_id over 64 characters', async () => {
    await setup();
    await expect(client.sends.createId({ campaign_id: 'c', send_id: 'x'.repeat(65) })).rejects.toMatchObject({ message: 'Bad Request' });
  });

  it('createAndSend validates every chunk first and reports paths in the whole list', async () => {
    await setup();
    const recipients = Array.from({ length: 120 }, (_v, i) => ({ external_user_id: `u-${i}`, attributes: { first_name: 'A' } }));
    recipients[73] = { external_user_id: 'u-73', attributes: { first_name: 'A', $bad: 1 } as { first_name: string } };
    const error = await client.createAndSend({ campaign_id: 'c', recipients }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ message: 'Invalid attributes' });
    expect((error as ValidationError).errors.every((line) => line.startsWith('recipients[73].attributes'))).toBe(true);
  });

  it('createAndSend refuses user_alias recipients (they cannot be created)', async () => {
    await setup();
    const request = untyped<Parameters<TriggerKitClient['createAndSend']>[0]>({ campaign_id: 'c', recipients: [{ user_alias: { alias_name: 'a', alias_label: 'b' }, attributes: { plan: 'x' } }] });
    await expect(client.createAndSend(request)).rejects.toMatchObject({
      message: 'Invalid recipient',
      errors: ['recipients[0]: send_to_existing_only cannot be false for a user_alias recipient'],
    });
  });

  it('refuses a body over 4 MB locally with PayloadTooLargeError', async () => {
    await setup();
    const big = { blob: { text: Array.from({ length: 300 }, () => 'x'.repeat(200)) } };
    const attributes = Array.from({ length: 75 }, (_v, i) => ({ external_id: `u-${i}`, ...big }));
    await expect(client.users.track({ attributes })).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});
