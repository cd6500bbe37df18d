import { type z } from 'zod';
import { type ErrorResponseInfo, ServerError } from '../../errors';
import { scheduleChangeResponseSchema, scheduleCreateResponseSchema, sendsIdCreateResponseSchema, transactionalSendResponseSchema, messagesSendResponseSchema, scheduledBroadcastsResponseSchema, usersExportIdsResponseSchema, triggerSendResponseSchema, usersTrackResponseSchema } from '../../schema';

/** Turns a 2xx response into the endpoint's typed result. */
export type ResponseParser<T> = (response: ErrorResponseInfo) => T;

/**
 * A 2xx whose body does not match the endpoint's response schema is a `ServerError` carrying the
 * response: the request may well have been processed, so it is never retried.
 */
function parserFor<S extends z.ZodType>(schema: S): ResponseParser<z.output<S>> {
  return (response) => {
    const parsed = schema.safeParse(response.body);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`);
    throw new ServerError(response.status, `Unexpected response body for HTTP ${response.status}`, { response, errors: problems });
  };
}

export const parseTriggerSendResponse = parserFor(triggerSendResponseSchema);
export const parseUsersTrackResponse = parserFor(usersTrackResponseSchema);
export const parseSendsIdCreateResponse = parserFor(sendsIdCreateResponseSchema);
export const parseTransactionalSendResponse = parserFor(transactionalSendResponseSchema);
export const parseMessagesSendResponse = parserFor(messagesSendResponseSchema);
export const parseScheduledBroadcastsResponse = parserFor(scheduledBroadcastsResponseSchema);
export const parseUsersExportIdsResponse = parserFor(usersExportIdsResponseSchema);
export const parseScheduleCreateResponse = parserFor(scheduleCreateResponseSchema);
export const parseScheduleChangeResponse = parserFor(scheduleChangeResponseSchema);
