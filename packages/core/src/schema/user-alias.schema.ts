import { z } from 'zod';

/** `{alias_name, alias_label}`, both non-empty (spec 3.1). */
export const userAliasSchema = z.object({
  alias_name: z.string().min(1),
  alias_label: z.string().min(1),
});

export type UserAlias = z.output<typeof userAliasSchema>;
export type UserAliasInput = z.input<typeof userAliasSchema>;
