import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeStoreContract, makeProfile } from '../../testing';
import type { ProfileRecord } from '../ports/store.port';
import { createMemoryStore } from './memory.store';

describeStoreContract('memory', () => createMemoryStore());

/** One save of a small universe of ids, so replacements and conflicts happen often. */
const saveArbitrary = fc.record({
  braze: fc.integer({ min: 0, max: 4 }),
  external: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  alias: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  email: fc.option(fc.constantFrom('a@x.com', 'A@X.com', 'b@x.com'), { nil: undefined }),
});

describe('memory store indexes (property)', () => {
  it('after any sequence of saves, every index agrees with the last accepted record of each braze_id', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(saveArbitrary, { maxLength: 30 }), async (saves) => {
        const store = createMemoryStore();
        const model = new Map<string, ProfileRecord>();
        for (const save of saves) {
          const profile = makeProfile({
            braze_id: `b-${save.braze}`,
            ...(save.external === undefined ? {} : { external_id: `u-${save.external}` }),
            user_aliases: save.alias === undefined ? [] : [{ alias_name: `n-${save.alias}`, alias_label: 'l' }],
            attributes: save.email === undefined ? {} : { email: save.email },
          });
          const accepted = await store.saveProfile('ws', profile).then(
            () => true,
            () => false,
          );
          if (accepted) model.set(profile.braze_id, profile);
        }
        expect(await store.countProfiles('ws')).toBe(model.size);
        for (const profile of model.values()) {
          expect(await store.findProfile('ws', { braze_id: profile.braze_id })).toEqual(profile);
          if (profile.external_id) expect((await store.findProfile('ws', { external_id: profile.external_id }))?.braze_id).toBe(profile.braze_id);
          for (const alias of profile.user_aliases) expect((await store.findProfile('ws', { user_alias: alias }))?.braze_id).toBe(profile.braze_id);
        }
        for (const email of ['a@x.com', 'b@x.com']) {
          const expected = [...model.values()].filter((p) => String(p.attributes['email'] ?? '').toLowerCase() === email).map((p) => p.braze_id);
          const found = (await store.findProfilesByEmail('ws', email)).map((p) => p.braze_id);
          expect(found).toEqual(expected);
        }
        for (let i = 0; i <= 4; i++) {
          const owner = [...model.values()].find((p) => p.external_id === `u-${i}`);
          expect((await store.findProfile('ws', { external_id: `u-${i}` }))?.braze_id).toBe(owner?.braze_id);
        }
      }),
    );
  });
});
