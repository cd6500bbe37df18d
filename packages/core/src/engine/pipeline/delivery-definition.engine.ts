import { MESSAGES, ValidationError } from '../../errors';
import { isPlainObject } from '../../schema/json-object.schema';
import { formatIssueLines, PARSE_OPTIONS } from '../../schema/issue-messages.schema';
import { deliveryDefinitionBodySchema, type DeliveryDefinition } from '../../schema/mock-config.schema';

/**
 * A `PUT /_mock/campaigns/{id}` or `/_mock/canvases/{id}` body as the definition to store: one
 * config entry with its defaults applied, `id` taken from the path (spec 9). Invalid → 400
 * `Bad Request` listing every problem by path.
 */
export function parseDefinition(id: string, body: unknown): DeliveryDefinition {
  if (!isPlainObject(body)) throw new ValidationError('invalid_body', MESSAGES.invalid_body, []);
  const result = deliveryDefinitionBodySchema.safeParse(body, PARSE_OPTIONS);
  if (!result.success) throw new ValidationError('bad_request', MESSAGES.bad_request, [...new Set(result.error.issues.flatMap(formatIssueLines))]);
  return { ...result.data, id };
}
