import { afterEach, describe, expect, it } from 'vitest';
import { MESSAGES, ValidationError } from '../../errors';
import { type ScriptedServer, startScriptedServer } from './scripted-server.fixture';
import { TriggerKitClient } from './triggerkit.client';

const TWO_IDENTIFIERS = { campaign_id: 'c-1', recipients: [{ external_user_id: 'u-1', braze_id: 'b-1' }] };
const SERVER_REFUSAL = { message: MESSAGES.invalid_recipient, errors: ['recipients[0]: from the server'] };

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('CallOptions.validate', () => {
  it('validates locally by default: an invalid body never leaves the client', async () => {
    server = await startScriptedServer(() => ({ status: 400, body: SERVER_REFUSAL }));
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'key-1', retry: false });
    await expect(client.campaigns.triggerSend(TWO_IDENTIFIERS)).rejects.toBeInstanceOf(ValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it('validate: false sends the body as given and surfaces the server answer', async () => {
    server = await startScriptedServer(() => ({ status: 400, body: SERVER_REFUSAL }));
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'key-1', retry: false });
    const failure = client.campaigns.triggerSend(TWO_IDENTIFIERS, { validate: false });
    await expect(failure).rejects.toMatchObject({ httpStatus: 400, errors: ['recipients[0]: from the server'] });
    expect(server.requests.map((request) => request.body)).toEqual([TWO_IDENTIFIERS]);
  });

  it('validate: false also reaches /users/track with an item the client would refuse', async () => {
    server = await startScriptedServer(() => ({ status: 201, body: { message: 'success', events_processed: 0, errors: [{ type: 'events[0].time: required', input_array: 'events', index: 0 }] } }));
    const client = new TriggerKitClient({ baseUrl: server.url, apiKey: 'key-1', retry: false });
    const body = { events: [{ external_id: 'u-1', name: 'signed_up' }] } as unknown as Parameters<TriggerKitClient['users']['track']>[0];
    await expect(client.users.track(body)).rejects.toBeInstanceOf(ValidationError);
    await expect(client.users.track(body, { validate: false })).resolves.toMatchObject({ events_processed: 0 });
    expect(server.requests).toHaveLength(1);
  });
});
