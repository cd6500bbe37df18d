/**
 * The request of issue 13: a trigger/send of 50 recipients that no server has seen, each created
 * with inline attributes, for a campaign whose segment reads an inline attribute (`gender`) and
 * whose email renders trigger properties. About 9.9 KB of JSON.
 *
 * Bodies are made from a template split at the recipients' id prefix, so each request costs one
 * `join` in the load generator and no two requests of a run share a recipient.
 */
export const CAMPAIGN_ID = 'order-confirmation';
export const RECIPIENTS_PER_REQUEST = 50;
export const API_KEY = 'bench-key';
const ID_SLOT = '@ID@';

function bodyWithPrefix(prefix: string): Record<string, unknown> {
  const recipients = [];
  for (let index = 0; index < RECIPIENTS_PER_REQUEST; index++) {
    const id = `${prefix}-u${index}`;
    recipients.push({
      external_user_id: id,
      send_to_existing_only: false,
      attributes: {
        email: `${id}@example.com`,
        first_name: 'Ann',
        gender: 'F',
        visits: { inc: 1 },
      },
      trigger_properties: { line: index },
    });
  }
  return { campaign_id: CAMPAIGN_ID, trigger_properties: { order_id: `o-${prefix}`, total: '49.90' }, recipients };
}

/** Returns a function that gives body 0, 1, 2, … of the run `runTag`, each with new recipients. */
export function bodySource(runTag: string): () => string {
  const parts = JSON.stringify(bodyWithPrefix(ID_SLOT)).split(ID_SLOT);
  let next = 0;
  return () => parts.join(`${runTag}r${next++}`);
}

/** The size of one request body, for the report. */
export function bodyBytes(runTag: string): number {
  return Buffer.byteLength(bodySource(runTag)());
}

/** The mock server's configuration: one workspace, one key that may also inspect, no rate limit in the way. */
export function mockServerConfig(): Record<string, unknown> {
  return {
    workspaces: [
      {
        name: 'bench',
        api_keys: [{ key: API_KEY, permissions: ['campaigns.trigger.send', 'mock.inspect'] }],
        // The limiter still counts every request; the limit is only high enough never to answer 429.
        rate_limits: { trigger: { limit: 1_000_000_000, window_seconds: 3_600 } },
        campaigns: [
          {
            id: CAMPAIGN_ID,
            status: 'active',
            channel: 'email',
            segment: { custom_attribute: { custom_attribute_name: 'gender', comparison: 'equals', value: 'F' } },
            message: {
              subject: 'Order {{api_trigger_properties.${order_id}}} confirmed',
              body: "<p>Hi {{${first_name} | default: 'there'}}, line {{api_trigger_properties.${line}}} of order {{api_trigger_properties.${order_id}}} ships today.</p>",
            },
          },
        ],
      },
    ],
  };
}
