import { z } from 'zod';
import { sendIdSchema } from './send-id.schema';

/** `POST /sends/id/create` body (spec 8b). */
export const sendsIdCreateSchema = z
  .object({ campaign_id: z.string().min(1), send_id: sendIdSchema.optional() })
  .meta({ id: 'SendsIdCreateRequest' });

export type SendsIdCreateRequest = z.output<typeof sendsIdCreateSchema>;
export type SendsIdCreateRequestInput = z.input<typeof sendsIdCreateSchema>;
