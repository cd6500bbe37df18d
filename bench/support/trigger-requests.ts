import { validateMockServerConfig, type Engine, type MockServerConfig } from '@triggerkit/core';

export const WORKSPACE = 'bench';
export const CAMPAIGN_ID = 'order-confirmation';
export const RECIPIENTS_PER_REQUEST = 50;

/** One workspace, one email campaign with a segment and a Liquid template: every stage of the pipeline runs. */
export function benchConfig(): MockServerConfig {
  const result = validateMockServerConfig({
    workspaces: [
      {
        name: WORKSPACE,
        api_keys: [{ key: 'bench-key', permissions: ['campaigns.trigger.send'] }],
        campaigns: [
          {
            id: CAMPAIGN_ID,
            channel: 'email',
            segment: { custom_attribute: { custom_attribute_name: 'gender', comparison: 'equals', value: 'F' } },
            message: { subject: 'Order {{api_trigger_properties.${order_id}}}', body: "Hi {{${first_name} | default: 'there'}}, your {{custom_attribute.${plan}}} order ships today." },
          },
        ],
      },
    ],
  });
  if (!result.ok) throw new Error(`bench config is invalid:\n${result.errors.join('\n')}`);
  return result.value;
}

/** Request `n`: 50 recipients never seen before, each created and sent to with inline attributes. */
export function createAndSendBody(n: number): Record<string, unknown> {
  const recipients = [];
  for (let index = 0; index < RECIPIENTS_PER_REQUEST; index++) {
    const id = `r${n}-u${index}`;
    recipients.push({
      external_user_id: id,
      send_to_existing_only: false,
      attributes: { email: `${id}@example.com`, first_name: 'Ann', gender: 'F', plan: 'pro', visits: { inc: 1 } },
      trigger_properties: { line: index },
    });
  }
  return { campaign_id: CAMPAIGN_ID, trigger_properties: { order_id: `o-${n}` }, recipients };
}

/** Request bodies `0 … count-1`, built before timing starts. */
export function createAndSendBodies(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, n) => createAndSendBody(n));
}

/** Fails the run when the engine did not create and send to all 50 (a benchmark of a failing path measures nothing). */
export async function assertAllCreatedAndSent(engine: Engine, dispatchId: string): Promise<void> {
  const dispatch = await engine.getDispatch(WORKSPACE, dispatchId);
  const good = dispatch.recipients.filter((recipient) => recipient.outcome === 'sent' && recipient.created);
  if (good.length !== RECIPIENTS_PER_REQUEST) {
    throw new Error(`expected ${RECIPIENTS_PER_REQUEST} recipients created and sent, got ${good.length}: ${JSON.stringify(dispatch.recipients.slice(0, 3))}`);
  }
}
