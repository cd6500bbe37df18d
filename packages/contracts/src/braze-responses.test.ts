import { MatchersV3 } from '@pact-foundation/pact';
import { errorResponseSchema, MESSAGES, sendsIdCreateResponseSchema, triggerSendResponseSchema, usersTrackResponseSchema } from '@triggerkit/core';
import { describe, expect, it } from 'vitest';
import { responses } from './braze-responses';

/** The example a provider verification compares against, i.e. the body with every matcher replaced by its example. */
const example = (body: unknown) => MatchersV3.reify(body);

describe('responses', () => {
  it('success examples are valid responses of core’s own schemas', () => {
    expect(triggerSendResponseSchema.parse(example(responses.triggerSendSucceeded().body))).toEqual({ dispatch_id: expect.any(String), message: 'success' });
    expect(triggerSendResponseSchema.parse(example(responses.triggerSendSucceeded({ broadcast: true }).body))).toHaveProperty('send_id');
    expect(sendsIdCreateResponseSchema.parse(example(responses.sendIdCreated('s-1').body))).toEqual({ message: 'success', send_id: 's-1' });
    const tracked = usersTrackResponseSchema.parse(example(responses.usersTrackSucceeded({ attributes_processed: 1, events_processed: 0 }, [{ input_array: 'events', index: 0 }]).body));
    expect(tracked).toEqual({ message: 'success', attributes_processed: 1, events_processed: 0, errors: [{ type: 'events[0]: invalid', input_array: 'events', index: 0 }] });
  });

  it('error bodies carry the spec’s messages word for word', () => {
    expect(errorResponseSchema.parse(example(responses.badRequest(MESSAGES.no_recipients).body))).toEqual({ message: 'No Recipients', errors: ['No Recipients'] });
    expect(example(responses.badRequest(MESSAGES.invalid_recipient, ['recipients[0]: x']).body)).toEqual({ message: 'Invalid recipient', errors: ['recipients[0]: x'] });
    expect(example(responses.invalidApiKey().body)).toEqual({ message: 'Invalid API key' });
    expect(example(responses.accessDenied('users.track').body)).toEqual({ message: 'Access Denied: this API key lacks the users.track permission' });
    expect(example(responses.rateLimited().body)).toEqual({ message: 'Rate limit exceeded' });
    expect(example(responses.maxInputLengthExceeded(['attributes, events, purchases: at most 75 objects in all, got 76']).body)).toEqual({
      message: 'Max Input Length Exceeded',
      errors: ['attributes, events, purchases: at most 75 objects in all, got 76'],
    });
    expect(errorResponseSchema.parse(example(responses.unsupportedMediaType().body))).toEqual({ message: 'Unsupported Media Type' });
  });

  it('statuses and rate-limit headers follow spec 5', () => {
    expect([responses.triggerSendSucceeded(), responses.badRequest('x'), responses.accessDenied('users.track'), responses.invalidApiKey(), responses.rateLimited()].map((r) => r.status)).toEqual([201, 400, 403, 401, 429]);
    expect(Object.keys(responses.accessDenied('users.track').headers)).toEqual(expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']));
    expect(Object.keys(responses.invalidApiKey().headers)).not.toContain('X-RateLimit-Limit');
    expect(responses.unsupportedMediaType().status).toBe(415);
    expect(Object.keys(responses.unsupportedMediaType().headers)).toEqual(['Content-Type']);
    expect(example(responses.rateLimited().headers)).toMatchObject({ 'X-RateLimit-Remaining': '0', 'Retry-After': '1' });
  });
});
