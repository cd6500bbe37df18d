import { PactV4 } from '@pact-foundation/pact';
import {
  CONTRACT_API_KEY,
  CONTRACT_LIMITED_API_KEY,
  CONTRACT_UNKNOWN_API_KEY,
  given,
  messagesSendInteraction,
  EXAMPLE_SCHEDULE_ID,
  responses,
  scheduleCreateInteraction,
  scheduleDeleteInteraction,
  scheduledBroadcastsInteraction,
  scheduleUpdateInteraction,
  sendIdCreateInteraction,
  transactionalSendInteraction,
  triggerSendInteraction,
  usersExportIdsInteraction,
  usersTrackInteraction,
} from '@triggerkit/contracts';
import {
  AuthError,
  type CampaignTriggerSendRequestInput,
  type CanvasTriggerSendRequestInput,
  MESSAGES,
  PermissionError,
  RateLimitedError,
  TriggerKitClient,
  UnsupportedMediaTypeError,
  type UsersTrackRequestInput,
  ValidationError,
} from '@triggerkit/core';
import { describe, expect, it } from 'vitest';
import { CONSUMER, PROVIDER } from '../src/pact-files';

/** The real client, pointed at Pact's mock server, without retries (a retried contract request would be a second interaction). */
function clientFor(url: string, apiKey = CONTRACT_API_KEY): TriggerKitClient {
  return new TriggerKitClient({ baseUrl: url, apiKey, retry: false });
}

/** Runs `call`, expecting it to throw, and returns what it threw. */
async function thrownBy(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

/**
 * The consumer side of the repository's contract: the real `TriggerKitClient` against Pact's mock
 * server, one interaction per test, written to `pactDir` as `triggerkit-client-braze-rest-api.json`.
 */
export function describeClientConsumerTests(pactDir: string): void {
  const pact = new PactV4({ consumer: CONSUMER, provider: PROVIDER, dir: pactDir, logLevel: 'warn' });

  describe('triggerkit-client → braze-rest-api: successful deliveries', () => {
    it('create and send: a new user is created with the inline attributes, then sent to', async () => {
      const recipient = { external_user_id: 'new-user-1', attributes: { first_name: 'Zoe', email: 'zoe@example.com', gender: 'F' as const } };
      await triggerSendInteraction(pact, {
        description: 'a create-and-send for a user that does not exist yet',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('order-confirmation'), given.noSuchUser('new-user-1')],
        request: { campaign_id: 'order-confirmation', trigger_properties: { order_id: 'A-17' }, recipients: [{ ...recipient, send_to_existing_only: false }] },
      }).executeTest(async (mock) => {
        const result = await clientFor(mock.url).createAndSend({ campaign_id: 'order-confirmation', trigger_properties: { order_id: 'A-17' }, recipients: [recipient] });
        expect(result.failures).toEqual([]);
        expect(result.dispatches).toEqual([{ dispatch_id: expect.any(String), recipients: [recipient] }]);
      });
    });

    it('transactional email: an order receipt to a new customer, created from the inline attributes', async () => {
      const request = { external_send_id: 'order-A-17', trigger_properties: { order_id: 'A-17' }, recipient: { external_user_id: 'new-buyer', attributes: { email: 'buyer@example.com' } } };
      await transactionalSendInteraction(pact, {
        description: 'a transactional receipt that creates the user',
        apiKey: CONTRACT_API_KEY,
        campaignId: 'receipt',
        states: [given.activeTransactionalCampaign('receipt'), given.noSuchUser('new-buyer')],
        request,
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).transactional.send('receipt', request)).resolves.toEqual({
          dispatch_id: expect.any(String),
          status: 'sent',
          metadata: { campaign_api_id: 'receipt', external_send_id: 'order-A-17' },
        });
      });
    });

    it('messages/send: content in the request to an existing user, tracked under an API campaign', async () => {
      const request = {
        external_user_ids: ['ann'],
        campaign_id: 'api-promo',
        send_id: 'spring-2026',
        messages: { email: { app_id: 'web', from: 'Shop <shop@example.com>', subject: 'Spring, {{${first_name}}}', body: '<p>20% off</p>' } },
      };
      await messagesSendInteraction(pact, {
        description: 'a direct email to an existing user under an API campaign',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeApiCampaign('api-promo'), given.existingUser('ann', { first_name: 'Ann', email: 'ann@example.com' })],
        request,
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).messages.send(request)).resolves.toEqual({ dispatch_id: expect.any(String), message: 'success', send_id: 'spring-2026' });
      });
    });

    it('schedules: a reminder for tomorrow is created, moved, listed and deleted', async () => {
      const morning = given.clockAt('2026-01-01T08:00:00Z');
      const create = { campaign_id: 'cart-reminder', recipients: [{ external_user_id: 'ann', trigger_properties: { cart: 'C-1' } }], schedule: { time: '2026-01-02T09:00:00Z' } };
      await scheduleCreateInteraction(pact, {
        description: 'a cart reminder scheduled for tomorrow morning',
        apiKey: CONTRACT_API_KEY,
        states: [morning, given.activeCampaign('cart-reminder')],
        request: create,
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).campaigns.schedule.create(create)).resolves.toEqual({ dispatch_id: expect.any(String), schedule_id: expect.any(String), message: 'success' });
      });
      const scheduled = given.scheduledCampaignTrigger('cart-reminder', '2026-01-02T09:00:00Z');
      await scheduleUpdateInteraction(pact, {
        description: 'a scheduled reminder moved to the day after',
        apiKey: CONTRACT_API_KEY,
        states: [morning, scheduled],
        request: { campaign_id: 'cart-reminder', schedule: { time: '2026-01-03T09:00:00Z' } },
      }).executeTest(async (mock) => {
        const update = { campaign_id: 'cart-reminder', schedule_id: EXAMPLE_SCHEDULE_ID, schedule: { time: '2026-01-03T09:00:00Z' } };
        await expect(clientFor(mock.url).campaigns.schedule.update(update)).resolves.toEqual({ message: 'success' });
      });
      await scheduledBroadcastsInteraction(pact, {
        description: 'the scheduled deliveries up to the end of the week',
        apiKey: CONTRACT_API_KEY,
        states: [morning, scheduled],
        request: { end_time: '2026-01-07' },
        response: responses.scheduledBroadcasts([{ name: 'cart-reminder', id: 'cart-reminder', type: 'Campaign' }]),
      }).executeTest(async (mock) => {
        const listed = await clientFor(mock.url).messages.scheduledBroadcasts({ end_time: '2026-01-07' });
        expect(listed.scheduled_broadcasts.map((entry) => [entry.id, entry.type])).toEqual([['cart-reminder', 'Campaign']]);
      });
      await scheduleDeleteInteraction(pact, {
        description: 'a scheduled reminder canceled',
        apiKey: CONTRACT_API_KEY,
        states: [morning, scheduled],
        request: { campaign_id: 'cart-reminder' },
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).campaigns.schedule.delete({ campaign_id: 'cart-reminder', schedule_id: EXAMPLE_SCHEDULE_ID })).resolves.toEqual({ message: 'success' });
      });
    });

    it('users/export/ids: what the workspace holds about a customer, and the id it does not know', async () => {
      const request = { external_ids: ['ann', 'ghost'], fields_to_export: ['external_id' as const, 'first_name' as const, 'email' as const, 'custom_attributes' as const] };
      const users = [{ external_id: 'ann', first_name: 'Ann', email: 'ann@example.com', custom_attributes: { plan: 'pro' } }];
      await usersExportIdsInteraction(pact, {
        description: 'an export of an existing customer and an unknown id',
        apiKey: CONTRACT_API_KEY,
        states: [given.existingUser('ann', { first_name: 'Ann', email: 'ann@example.com', plan: 'pro' }), given.noSuchUser('ghost')],
        request,
        response: responses.usersExported(users, ['ghost']),
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).users.exportIds(request)).resolves.toEqual({ message: 'success', users, invalid_user_ids: ['ghost'] });
      });
    });

    it('update and send: an existing user is updated with the inline attributes, then sent to', async () => {
      const recipient = { external_user_id: 'ann', attributes: { plan: 'pro' } };
      await triggerSendInteraction(pact, {
        description: 'an update-and-send for an existing user',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('plan-changed'), given.existingUser('ann', { first_name: 'Ann', email: 'ann@example.com', plan: 'free' })],
        request: { campaign_id: 'plan-changed', recipients: [{ ...recipient, send_to_existing_only: true }] },
      }).executeTest(async (mock) => {
        const result = await clientFor(mock.url).updateAndSend({ campaign_id: 'plan-changed', recipients: [recipient] });
        expect(result.dispatches.map((dispatch) => dispatch.recipients)).toEqual([[recipient]]);
      });
    });

    it('send_to_existing_only defaults to true: an unknown user is not created, the request still succeeds', async () => {
      const request = { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'ghost', attributes: { first_name: 'Gus' } }] };
      await triggerSendInteraction(pact, {
        description: 'a trigger with attributes for an unknown user and the default send_to_existing_only',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('order-confirmation'), given.noSuchUser('ghost')],
        request,
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).campaigns.triggerSend(request)).resolves.toEqual({ dispatch_id: expect.any(String), message: 'success' });
      });
    });

    it('a user alias recipient with its own trigger properties', async () => {
      const request = {
        campaign_id: 'order-confirmation',
        trigger_properties: { order_id: 'A-18' },
        recipients: [{ user_alias: { alias_name: 'guest-42', alias_label: 'checkout' }, trigger_properties: { order_id: 'A-19' } }],
      };
      await triggerSendInteraction(pact, {
        description: 'a trigger for a user alias recipient',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('order-confirmation')],
        request,
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).campaigns.triggerSend(request)).resolves.toEqual({ dispatch_id: expect.any(String), message: 'success' });
      });
    });

    it('a broadcast to a connected audience answers with a generated send_id', async () => {
      const request: CampaignTriggerSendRequestInput = {
        campaign_id: 'spring-sale',
        broadcast: true,
        audience: {
          AND: [
            { custom_attribute: { custom_attribute_name: 'plan', comparison: 'equals', value: 'pro' } },
            { email_subscription_status: { comparison: 'is', value: 'opted_in' } },
          ],
        },
      };
      await triggerSendInteraction(pact, {
        description: 'a broadcast to an audience',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('spring-sale'), given.existingUser('ann', { email: 'ann@example.com', plan: 'pro' })],
        request,
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).campaigns.triggerSend(request)).resolves.toEqual({ dispatch_id: expect.any(String), message: 'success', send_id: expect.any(String) });
      });
    });

    it('a canvas with context at both levels', async () => {
      const request = { canvas_id: 'onboarding', context: { step: 1 }, recipients: [{ external_user_id: 'ann', context: { step: 2 } }] };
      await triggerSendInteraction(pact, {
        description: 'a canvas trigger with context',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCanvas('onboarding'), given.existingUser('ann', { first_name: 'Ann' })],
        request,
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).canvas.triggerSend(request)).resolves.toEqual({ dispatch_id: expect.any(String), message: 'success' });
      });
    });

    it('users/track reports an invalid item without failing the others', async () => {
      // The client refuses invalid items locally; `validate: false` sends them so the server's own answer is the contract.
      const request = { attributes: [{ external_id: 'ann', first_name: 'Ann' }], events: [{ external_id: 'ann', name: 'signed_up' }] } as unknown as UsersTrackRequestInput;
      await usersTrackInteraction(pact, {
        description: 'a users/track with an event missing its time',
        apiKey: CONTRACT_API_KEY,
        request,
        response: responses.usersTrackSucceeded({ attributes_processed: 1, events_processed: 0 }, [{ input_array: 'events', index: 0, type: 'events[0].time: required' }]),
      }).executeTest(async (mock) => {
        const result = await clientFor(mock.url).users.track(request, { validate: false });
        expect(result).toEqual({ message: 'success', attributes_processed: 1, events_processed: 0, errors: [{ type: expect.any(String), input_array: 'events', index: 0 }] });
      });
    });

    it('sends/id/create returns the send id it was given', async () => {
      await sendIdCreateInteraction(pact, {
        description: 'a send id for a campaign',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('spring-sale')],
        request: { campaign_id: 'spring-sale', send_id: 'spring-2026' },
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).sends.createId({ campaign_id: 'spring-sale', send_id: 'spring-2026' })).resolves.toEqual({ message: 'success', send_id: 'spring-2026' });
      });
    });
  });

  describe('triggerkit-client → braze-rest-api: refusals', () => {
    // The client validates locally before sending; `validate: false` lets these bodies reach the
    // provider, whose 400 is the contract (and what the client's own validation must agree with).
    it('400 for a recipient with two identifiers', async () => {
      const request = { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'ann', user_alias: { alias_name: 'ann', alias_label: 'crm' } }] };
      await triggerSendInteraction(pact, {
        description: 'a trigger whose recipient has two identifiers',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('order-confirmation')],
        request,
        response: responses.badRequest(MESSAGES.invalid_recipient, ['recipients[0]: specify exactly one of external_user_id, user_alias, braze_id, email']),
      }).executeTest(async (mock) => {
        const error = await thrownBy(() => clientFor(mock.url).campaigns.triggerSend(request, { validate: false }));
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ httpStatus: 400, message: MESSAGES.invalid_recipient, errors: ['recipients[0]: specify exactly one of external_user_id, user_alias, braze_id, email'] });
      });
    });

    it('400 for more than 50 recipients', async () => {
      const request = { campaign_id: 'order-confirmation', recipients: Array.from({ length: 51 }, (_, index) => ({ external_user_id: `user-${index}` })) };
      await triggerSendInteraction(pact, {
        description: 'a trigger with 51 recipients',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('order-confirmation')],
        request,
        response: responses.badRequest(MESSAGES.too_many_recipients),
      }).executeTest(async (mock) => {
        const error = await thrownBy(() => clientFor(mock.url).campaigns.triggerSend(request, { validate: false }));
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ httpStatus: 400, message: MESSAGES.too_many_recipients });
      });
    });

    it('400 for a trigger without recipients and without broadcast', async () => {
      const request = { campaign_id: 'order-confirmation', recipients: [] };
      await triggerSendInteraction(pact, {
        description: 'a trigger with an empty recipients list',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('order-confirmation')],
        request,
        response: responses.badRequest(MESSAGES.no_recipients),
      }).executeTest(async (mock) => {
        const error = await thrownBy(() => clientFor(mock.url).campaigns.triggerSend(request, { validate: false }));
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ httpStatus: 400, message: MESSAGES.no_recipients });
      });
    });

    it('400 for a campaign that does not exist (errors holds the message itself)', async () => {
      const request = { campaign_id: 'no-such-campaign', recipients: [{ external_user_id: 'ann' }] };
      await triggerSendInteraction(pact, {
        description: 'a trigger for an unknown campaign',
        apiKey: CONTRACT_API_KEY,
        states: [given.noSuchCampaign('no-such-campaign')],
        request,
        response: responses.badRequest(MESSAGES.campaign_not_found, [MESSAGES.campaign_not_found]),
      }).executeTest(async (mock) => {
        const error = await thrownBy(() => clientFor(mock.url).campaigns.triggerSend(request));
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ httpStatus: 400, message: MESSAGES.campaign_not_found, errors: [MESSAGES.campaign_not_found] });
      });
    });

    it('401 for an API key that does not exist', async () => {
      const request = { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'ann' }] };
      await triggerSendInteraction(pact, {
        description: 'a trigger with an unknown API key',
        apiKey: CONTRACT_UNKNOWN_API_KEY,
        states: [given.unknownApiKey(CONTRACT_UNKNOWN_API_KEY)],
        request,
        response: responses.invalidApiKey(),
      }).executeTest(async (mock) => {
        const error = await thrownBy(() => clientFor(mock.url, CONTRACT_UNKNOWN_API_KEY).campaigns.triggerSend(request));
        expect(error).toBeInstanceOf(AuthError);
        expect(error).toMatchObject({ httpStatus: 401, message: MESSAGES.invalid_api_key });
      });
    });

    it('403 for a key without the campaigns.trigger.send permission', async () => {
      const request = { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'ann' }] };
      await triggerSendInteraction(pact, {
        description: 'a trigger with a key that lacks campaigns.trigger.send',
        apiKey: CONTRACT_LIMITED_API_KEY,
        states: [given.keyWithoutPermission(CONTRACT_LIMITED_API_KEY, 'campaigns.trigger.send'), given.activeCampaign('order-confirmation')],
        request,
        response: responses.accessDenied('campaigns.trigger.send'),
      }).executeTest(async (mock) => {
        const error = await thrownBy(() => clientFor(mock.url, CONTRACT_LIMITED_API_KEY).campaigns.triggerSend(request));
        expect(error).toBeInstanceOf(PermissionError);
        expect(error).toMatchObject({ httpStatus: 403, permission: 'campaigns.trigger.send' });
      });
    });

    it('429 with the rate-limit headers and Retry-After', async () => {
      const request = { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'ann' }] };
      await triggerSendInteraction(pact, {
        description: 'a trigger over the rate limit',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('order-confirmation'), given.rateLimitExhausted('/campaigns/trigger/send')],
        request,
        response: responses.rateLimited(),
      }).executeTest(async (mock) => {
        const error = await thrownBy(() => clientFor(mock.url).campaigns.triggerSend(request));
        expect(error).toBeInstanceOf(RateLimitedError);
        expect(error).toMatchObject({ httpStatus: 429, retryAfterSeconds: 1, resetAt: expect.any(Date) });
      });
    });
  });

  describe('triggerkit-client → braze-rest-api: spec revision 2', () => {
    it('users/track names a user by phone alone', async () => {
      const request = { attributes: [{ phone: '+15555550100', first_name: 'Pat' }] };
      await usersTrackInteraction(pact, { description: 'a users/track whose item is named by its phone', apiKey: CONTRACT_API_KEY, request }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).users.track(request)).resolves.toEqual({ message: 'success', attributes_processed: 1 });
      });
    });

    it('users/track counts an item with an invalid nested value as processed and reports its path', async () => {
      const request = { attributes: [{ external_id: 'ann', plan: 'pro', trip: { at: { $time: 'soon' } } }] } as UsersTrackRequestInput;
      const type = 'attributes[0].trip.at.$time: must be an ISO-8601 date or time';
      await usersTrackInteraction(pact, {
        description: 'a users/track with an invalid nested time',
        apiKey: CONTRACT_API_KEY,
        request,
        response: responses.usersTrackSucceeded({ attributes_processed: 1 }, [{ input_array: 'attributes', index: 0, type }]),
      }).executeTest(async (mock) => {
        // the client refuses what the server would report, naming the same path
        await expect(clientFor(mock.url).users.track(request)).rejects.toMatchObject({ errors: [type] });
        const result = await clientFor(mock.url).users.track(request, { validate: false });
        expect(result).toEqual({ message: 'success', attributes_processed: 1, errors: [{ type: expect.any(String), input_array: 'attributes', index: 0 }] });
      });
    });

    it('400 Max Input Length Exceeded for more than 75 objects across attributes, events and purchases', async () => {
      const request = {
        attributes: Array.from({ length: 40 }, (_, index) => ({ external_id: `user-${index}`, plan: 'pro' })),
        events: Array.from({ length: 36 }, (_, index) => ({ external_id: `user-${index}`, name: 'opened', time: '2026-01-01T00:00:00Z' })),
      };
      const errors = ['attributes, events, purchases: at most 75 objects in all, got 76'];
      await usersTrackInteraction(pact, {
        description: 'a users/track with 76 objects in its arrays together',
        apiKey: CONTRACT_API_KEY,
        request,
        response: responses.maxInputLengthExceeded(errors),
      }).executeTest(async (mock) => {
        const local = await thrownBy(() => clientFor(mock.url).users.track(request));
        const remote = await thrownBy(() => clientFor(mock.url).users.track(request, { validate: false }));
        for (const error of [local, remote]) expect(error).toMatchObject({ httpStatus: 400, message: MESSAGES.max_input_length_exceeded, errors });
      });
    });

    it('create and send with a country name and a time zone that is not an IANA name', async () => {
      const recipient = { external_user_id: 'new-user-2', attributes: { email: 'kim@example.com', country: 'Australia', time_zone: 'Sydney time' } };
      await triggerSendInteraction(pact, {
        description: 'a create-and-send with a country given by name',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('order-confirmation'), given.noSuchUser('new-user-2')],
        request: { campaign_id: 'order-confirmation', recipients: [{ ...recipient, send_to_existing_only: false }] },
      }).executeTest(async (mock) => {
        const result = await clientFor(mock.url).createAndSend({ campaign_id: 'order-confirmation', recipients: [recipient] });
        expect(result.failures).toEqual([]);
      });
    });

    it('a broadcast to an audience of is_any_of with one string and is_none_of', async () => {
      const request: CampaignTriggerSendRequestInput = {
        campaign_id: 'spring-sale',
        broadcast: true,
        audience: {
          AND: [
            { custom_attribute: { custom_attribute_name: 'plan', comparison: 'is_any_of', value: 'pro' } },
            { custom_attribute: { custom_attribute_name: 'tags', comparison: 'is_none_of', value: ['churned', 'test'] } },
          ],
        },
      };
      await triggerSendInteraction(pact, {
        description: 'a broadcast to an is_any_of / is_none_of audience',
        apiKey: CONTRACT_API_KEY,
        states: [given.activeCampaign('spring-sale'), given.existingUser('ann', { email: 'ann@example.com', plan: 'pro' })],
        request,
      }).executeTest(async (mock) => {
        await expect(clientFor(mock.url).campaigns.triggerSend(request)).resolves.toEqual({ dispatch_id: expect.any(String), message: 'success', send_id: expect.any(String) });
      });
    });

    it('400 for a canvas_id that is not a string, with the capital-C message', async () => {
      const request = { canvas_id: 42, broadcast: true } as unknown as CanvasTriggerSendRequestInput;
      await triggerSendInteraction(pact, {
        description: 'a canvas trigger whose canvas_id is not a string',
        apiKey: CONTRACT_API_KEY,
        request,
        response: responses.badRequest(MESSAGES.invalid_canvas_id),
      }).executeTest(async (mock) => {
        const error = await thrownBy(() => clientFor(mock.url).canvas.triggerSend(request, { validate: false }));
        expect(error).toMatchObject({ httpStatus: 400, message: 'canvas_id must be a string of the Canvas api identifier' });
      });
    });

    it('415 for a body sent as text/plain, before the key is looked at', async () => {
      const request = { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'ann' }] };
      const asText: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'content-type': 'text/plain;charset=utf-8' } });
      await triggerSendInteraction(pact, {
        description: 'a trigger whose body is sent as text/plain',
        apiKey: CONTRACT_API_KEY,
        contentType: 'text/plain;charset=utf-8',
        request,
        response: responses.unsupportedMediaType(),
      }).executeTest(async (mock) => {
        const client = new TriggerKitClient({ baseUrl: mock.url, apiKey: CONTRACT_API_KEY, retry: false, fetch: asText });
        const error = await thrownBy(() => client.campaigns.triggerSend(request));
        expect(error).toBeInstanceOf(UnsupportedMediaTypeError);
        expect(error).toMatchObject({ httpStatus: 415, message: 'Unsupported Media Type' });
      });
    });
  });
}
