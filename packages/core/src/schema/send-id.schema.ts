import { z } from 'zod';

// eslint-disable-next-line no-control-regex -- ASCII is exactly the spec's rule (3.1, 8b)
const ASCII_1_TO_64 = /^[\x00-\x7F]{1,64}$/;

/** A send id: ASCII, 1–64 characters; groups analytics, gives no idempotency (spec 3.1, 8b). */
export const sendIdSchema = z.string().regex(ASCII_1_TO_64, { error: 'must be 1 to 64 ASCII characters' });
