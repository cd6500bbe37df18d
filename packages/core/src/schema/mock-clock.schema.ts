import { z } from 'zod';
import { WHEN_OBJECT } from './json-object.schema';
import { isIsoInstant } from './mock-config.schema';

/** The longest single advance (endpoints spec 2): 365 days. */
export const MAX_CLOCK_ADVANCE_MS = 31_536_000_000;

/**
 * `POST /_mock/clock/advance` body (endpoints spec 2): exactly one of `ms` (an integer
 * 0…31,536,000,000) or `to` (an ISO-8601 date-time with a designator); otherwise 400 `Bad Request`.
 */
export const clockAdvanceSchema = z
  .object({
    ms: z.number().int().min(0).max(MAX_CLOCK_ADVANCE_MS).optional(),
    to: z.string().refine(isIsoInstant, { error: 'must be an ISO-8601 date-time with a time zone designator' }).optional(),
  })
  .superRefine((body, ctx) => {
    const given = [body.ms, body.to].filter((value) => value !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of ms and to', path: [] });
  }, WHEN_OBJECT)
  .meta({ id: 'ClockAdvanceRequest' });

/** `GET /_mock/clock` (endpoints spec 2). */
export const mockClockResponseSchema = z
  .object({ now: z.string(), mode: z.enum(['system', 'manual']), offset_ms: z.number().optional() })
  .meta({ id: 'MockClock' });

/** `POST /_mock/clock/advance`: the clock after the advance and what it processed on the way. */
export const clockAdvanceResponseSchema = z
  .object({
    now: z.string(),
    mode: z.enum(['system', 'manual']),
    offset_ms: z.number().optional(),
    processed: z.object({ writes: z.number().int().min(0), schedule_moments: z.number().int().min(0) }),
  })
  .meta({ id: 'ClockAdvanceResponse' });

export type ClockAdvanceRequest = z.output<typeof clockAdvanceSchema>;
export type ClockAdvanceRequestInput = z.input<typeof clockAdvanceSchema>;
export type MockClockResponse = z.output<typeof mockClockResponseSchema>;
export type ClockAdvanceResponse = z.output<typeof clockAdvanceResponseSchema>;
