import { MESSAGES, ValidationError } from '../../errors';
import {
  type ValidationResult,
  validateCampaignTriggerSend,
  validateCanvasTriggerSend,
  validateSendsIdCreate,
  validateTransactionalSend,
  validateMessagesSend,
  validateUsersExportIds,
  validateCampaignScheduleCreate,
  validateCanvasScheduleCreate,
  validateScheduleUpdate,
  validateScheduleDelete,
  validateScheduledBroadcastsQuery,
  type ScheduleRuleContext,
  validateUsersTrack,
  type UsersTrackValidationOptions,
} from '../../rules';
import { isCertainlyValidTriggerBody, type TriggerBodyKind } from './fast-validation.client';

/** Throws the `ValidationError` the server would answer with, before anything is sent. */
export type RequestValidator = (body: unknown) => void;

function throwing<T>(validate: (body: unknown) => ValidationResult<T>, extra: (value: T) => void = () => undefined): RequestValidator {
  return (body) => {
    const result = validate(body);
    if (!result.ok) throw result.error;
    extra(result.value);
  };
}

/**
 * A trigger body's validator: the common body (plain values, up to 50 recipients) passes the fast
 * one-sided check; any other body, valid or not, goes through the schema, which words every error.
 */
function triggerBodyValidator(kind: TriggerBodyKind, full: RequestValidator): RequestValidator {
  return (body) => {
    if (!isCertainlyValidTriggerBody(body, kind)) full(body);
  };
}

export const validateCampaignTriggerSendBody = triggerBodyValidator('campaign', throwing(validateCampaignTriggerSend));
export const validateCanvasTriggerSendBody = triggerBodyValidator('canvas', throwing(validateCanvasTriggerSend));
export const validateSendsIdCreateBody = throwing(validateSendsIdCreate);
/** Endpoints spec 3.2 rules 1–12; the segment, campaign and SMS group are the server's to check. */
export const validateMessagesSendBody = throwing(validateMessagesSend);

/** Rule 16 (the time against the server's clock) is the server's to judge: a mock clock may be anywhere. */
const CLIENT_SCHEDULE_CONTEXT: ScheduleRuleContext = { now: undefined, optimalSendHour: 12 };

/** Endpoints spec 5: TS rules 1–13 and the `schedule` object's rules 14–15. */
export const scheduleValidators = {
  campaignCreate: throwing((body) => validateCampaignScheduleCreate(body, CLIENT_SCHEDULE_CONTEXT)),
  canvasCreate: throwing((body) => validateCanvasScheduleCreate(body, CLIENT_SCHEDULE_CONTEXT)),
  campaignUpdate: throwing((body) => validateScheduleUpdate('campaign', body, CLIENT_SCHEDULE_CONTEXT)),
  canvasUpdate: throwing((body) => validateScheduleUpdate('canvas', body, CLIENT_SCHEDULE_CONTEXT)),
  campaignDelete: throwing((body) => validateScheduleDelete('campaign', body)),
  canvasDelete: throwing((body) => validateScheduleDelete('canvas', body)),
} as const;

/**
 * `POST /users/export/ids` (endpoints spec 11). Whether the workspace requires `fields_to_export` is
 * its setting, unknown here: a body without it is left for the server to judge.
 */
export const validateUsersExportIdsBody = throwing((body) => validateUsersExportIds(body, { fieldsRequired: false }));

/** `GET /messages/scheduled_broadcasts`: `end_time` as the server checks it (`query.`-prefixed errors). */
export const validateScheduledBroadcastsCall = throwing((query: unknown) => validateScheduledBroadcastsQuery(query as Record<string, unknown>));

/** A transactional send's validator: the path's campaign id travels with the body as `campaign_id` (removed before sending). */
export const validateTransactionalSendCall = throwing((call: unknown) => {
  const { campaign_id: campaignId, ...body } = call as { campaign_id: string };
  return validateTransactionalSend(campaignId, body);
});

/**
 * The server drops invalid `/users/track` items (and invalid nested values) and processes the
 * rest (spec 7, 8); a client that knows an item is invalid refuses the whole body instead, so the
 * mistake surfaces in the caller. The 75-object limit counts as the workspace does (`batch`).
 */
export function usersTrackBodyValidator(options: UsersTrackValidationOptions): RequestValidator {
  return throwing(
    (body) => validateUsersTrack(body, options),
    ({ itemErrors }) => {
      if (itemErrors.length > 0) throw new ValidationError('bad_request', MESSAGES.bad_request, itemErrors.map((e) => e.type));
    },
  );
}
