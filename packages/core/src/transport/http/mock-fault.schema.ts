import { type z } from 'zod';
import { faultsConfigSchema } from '../../schema/mock-config.schema';

/** Faults delay by at most a minute: enough to trip any client timeout, short enough not to wedge a test run (or overflow a timer). */
export const MAX_FAULT_LATENCY_MS = 60_000;

/**
 * `PUT /_mock/faults` as the handler accepts it: spec 9's shape, plus two checks that make a fault
 * that can do nothing, or hang a request for hours, a 400 instead of a surprise.
 */
export const mockFaultSchema = faultsConfigSchema
  .refine((fault) => fault.latency_ms === undefined || fault.latency_ms <= MAX_FAULT_LATENCY_MS, {
    message: `must be at most ${MAX_FAULT_LATENCY_MS}`,
    path: ['latency_ms'],
  })
  .refine((fault) => fault.status !== undefined || fault.latency_ms !== undefined || fault.drop_connection === true, {
    message: 'specify at least one of status, latency_ms, drop_connection',
  });

export type MockFault = z.output<typeof mockFaultSchema>;
