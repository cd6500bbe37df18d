import { MESSAGES, ValidationError } from '../../errors';
import { isPlainObject } from '../../schema/json-object.schema';
import { formatIssueLines, PARSE_OPTIONS } from '../../schema/issue-messages.schema';
import { deliveryDefinitionBodySchema, type DeliveryDefinition } from '../../schema/mock-config.schema';
import { definitionTemplateProblems } from '../render/config-templates.check';

/**
 * A `PUT /_mock/campaigns/{id}` or `/_mock/canvases/{id}` body as the definition to store: one
 * config entry with its defaults applied, `id` taken from the path (spec 9). Invalid → 400
 * `Bad Request` listing every problem by path, a message field whose Liquid does not parse included.
 */
export function parseDefinition(id: string, body: unknown): DeliveryDefinition {
  if (!isPlainObject(body)) throw new ValidationError('invalid_body', MESSAGES.invalid_body, []);
  const result = deliveryDefinitionBodySchema.safeParse(body, PARSE_OPTIONS);
  if (!result.success) throw new ValidationError('bad_request', MESSAGES.bad_request, [...new Set(result.error.issues.flatMap(formatIssueLines))]);
  const templateProblems = definitionTemplateProblems(result.data);
  if (templateProblems.length > 0) throw new ValidationError('bad_request', MESSAGES.bad_request, templateProblems.map(({ field, reason }) => `message.${field}: ${reason}`));
  return { ...result.data, id };
}
