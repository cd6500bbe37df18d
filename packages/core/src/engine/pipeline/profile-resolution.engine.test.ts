import { describe, expect, it } from 'vitest';
import { makeProfile } from '../../testing';
import { pickByPrioritization, profileRefOf } from './profile-resolution.engine';

const anonOld = makeProfile({ braze_id: 'anon-old', updated_at: '2026-01-01T00:00:00.000Z' });
const knownNew = makeProfile({ braze_id: 'known-new', external_id: 'k1', updated_at: '2026-03-01T00:00:00.000Z' });
const knownOld = makeProfile({ braze_id: 'known-old', external_id: 'k2', updated_at: '2025-12-01T00:00:00.000Z' });
const anonNew = makeProfile({ braze_id: 'anon-new', updated_at: '2026-02-01T00:00:00.000Z' });
const candidates = [anonOld, knownNew, knownOld, anonNew];

describe('pickByPrioritization', () => {
  it.each([
    [['identified'], 'known-new'],
    [['unidentified'], 'anon-old'],
    [['most_recently_updated'], 'known-new'],
    [['least_recently_updated'], 'known-old'],
    [['identified', 'least_recently_updated'], 'known-old'],
    [['unidentified', 'most_recently_updated'], 'anon-new'],
    [[], 'anon-old'],
  ] as const)('%j picks %s', (prioritization, expected) => {
    expect(pickByPrioritization(candidates, prioritization)?.braze_id).toBe(expected);
  });

  it('prefers rather than excludes: identified falls back to an unidentified profile', () => {
    expect(pickByPrioritization([anonOld, anonNew], ['identified'])?.braze_id).toBe('anon-old');
    expect(pickByPrioritization([], ['identified'])).toBeUndefined();
  });
});

describe('profileRefOf', () => {
  it('maps direct identifiers and leaves email to prioritization', () => {
    expect(profileRefOf({ external_user_id: 'u' })).toEqual({ external_id: 'u' });
    expect(profileRefOf({ braze_id: 'b' })).toEqual({ braze_id: 'b' });
    expect(profileRefOf({ user_alias: { alias_name: 'n', alias_label: 'l' } })).toEqual({ user_alias: { alias_name: 'n', alias_label: 'l' } });
    expect(profileRefOf({ email: 'a@example.com' })).toBeUndefined();
  });
});
