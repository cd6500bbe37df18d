import { describe, expect, it } from 'vitest';
import { profileRefOf } from './profile-resolution.engine';

describe('profileRefOf', () => {
  it('maps direct identifiers and leaves email to prioritization', () => {
    expect(profileRefOf({ external_user_id: 'u' })).toEqual({ external_id: 'u' });
    expect(profileRefOf({ braze_id: 'b' })).toEqual({ braze_id: 'b' });
    expect(profileRefOf({ user_alias: { alias_name: 'n', alias_label: 'l' } })).toEqual({ user_alias: { alias_name: 'n', alias_label: 'l' } });
    expect(profileRefOf({ email: 'a@example.com' })).toBeUndefined();
  });
});
