import type { z } from 'zod';
import { MESSAGES, ValidationError } from '../../errors';
import { isPlainObject } from '../../schema/json-object.schema';
import { formatIssueLines, PARSE_OPTIONS } from '../../schema/issue-messages.schema';
import {
  type ApiCampaignDefinition,
  campaignDefinitionBodySchema,
  type CampaignDefinition,
  type CampaignDefinitionBody,
  type CanvasDefinition,
  deliveryDefinitionBodySchema,
  type DeliveryDefinitionBody,
  type MessageCampaignDefinition,
} from '../../schema/mock-config.schema';
import { definitionTemplateProblems } from '../render/config-templates.check';

/**
 * The campaign checks after validation, before anything is written (TS §3.2, endpoints spec 1 and
 * 4.1): it exists, is of the endpoint's `type` (else `wrongType`'s message), and is not paused or archived.
 */
export function checkedCampaignOfType(
  definition: CampaignDefinition | undefined,
  type: MessageCampaignDefinition['type'],
  wrongType: 'campaign_not_api_triggered' | 'campaign_not_transactional',
): MessageCampaignDefinition {
  if (!definition) throw new ValidationError('campaign_not_found', MESSAGES.campaign_not_found, []);
  if (definition.type !== type) throw new ValidationError(wrongType, MESSAGES[wrongType], []);
  checkActive(definition);
  return definition;
}

/** Endpoints spec 3.2: a `/messages/send` `campaign_id` names an active campaign of type `api`. */
export function checkedApiCampaign(definition: CampaignDefinition | undefined): ApiCampaignDefinition {
  if (!definition) throw new ValidationError('campaign_not_found', MESSAGES.campaign_not_found, []);
  if (definition.type !== 'api') throw new ValidationError('campaign_not_api', MESSAGES.campaign_not_api, []);
  checkActive(definition);
  return definition;
}

function checkActive(definition: CampaignDefinition): void {
  if (definition.status === 'paused') throw new ValidationError('campaign_paused', MESSAGES.campaign_paused, []);
  if (definition.status === 'archived') throw new ValidationError('campaign_archived', MESSAGES.campaign_archived, []);
}

/**
 * A `PUT /_mock/campaigns/{id}` body as the campaign to store: one config entry with its defaults
 * applied, `id` taken from the path (spec 9). Invalid → 400 `Bad Request` listing every problem by
 * path, a message field whose Liquid does not parse included.
 */
export function parseCampaignDefinition(id: string, body: unknown): CampaignDefinition {
  const parsed = parseWith(campaignDefinitionBodySchema, body);
  return { ...parsed, id };
}

/** A `PUT /_mock/canvases/{id}` body as the canvas to store (as `parseCampaignDefinition`). */
export function parseCanvasDefinition(id: string, body: unknown): CanvasDefinition {
  return { ...parseWith(deliveryDefinitionBodySchema, body), id };
}

function parseWith<T extends CampaignDefinitionBody | DeliveryDefinitionBody>(schema: z.ZodType<T>, body: unknown): T {
  if (!isPlainObject(body)) throw new ValidationError('invalid_body', MESSAGES.invalid_body, []);
  const result = schema.safeParse(body, PARSE_OPTIONS);
  if (!result.success) throw new ValidationError('bad_request', MESSAGES.bad_request, [...new Set(result.error.issues.flatMap(formatIssueLines))]);
  const definition = result.data;
  const templateProblems = 'message' in definition ? definitionTemplateProblems(definition) : [];
  if (templateProblems.length > 0) throw new ValidationError('bad_request', MESSAGES.bad_request, templateProblems.map(({ field, reason }) => `message.${field}: ${reason}`));
  return definition;
}
