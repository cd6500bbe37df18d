import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeStoreContract, makeProfile } from '../../testing';
import type { ProfileRecord } from '../ports/store.port';
import { createMemoryStore } from './memory.store';

describeStoreContract('memory', () => createMemoryStore());

/** One save (or delete) of a small universe of ids, so replacements, conflicts and deletes happen often. */
const saveArbitrary = fc.record({
  braze: fc.integer({ min: 0, max: 4 }),
  external: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  alias: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  email: fc.option(fc.constantFrom('a@x.com', 'A@X.com', 'b@x.com'), { nil: undefined }),
  phone: fc.option(fc.constantFrom('+1', '+2'), { nil: undefined }),
  remove: fc.boolean(),
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
            attributes: { ...(save.email === undefined ? {} : { email: save.email }), ...(save.phone === undefined ? {} : { phone: save.phone }) },
          });
          if (save.remove) {
            await store.unit((tx) => tx.deleteProfile('ws', profile.braze_id));
            model.delete(profile.braze_id);
            continue;
          }
          const accepted = await store.unit((tx) => tx.saveProfile('ws', profile)).then(
            () => true,
            () => false,
          );
          if (accepted) {
            // A deleted-then-saved profile is new again: it goes to the end of every order.
            if (!model.has(profile.braze_id)) model.delete(profile.braze_id);
            model.set(profile.braze_id, profile);
          }
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
        for (const phone of ['+1', '+2']) {
          const expected = [...model.values()].filter((p) => p.attributes['phone'] === phone).map((p) => p.braze_id);
          expect((await store.findProfilesByPhone('ws', phone)).map((p) => p.braze_id)).toEqual(expected);
        }
        const scanned: string[] = [];
        for (let page = await store.scanProfiles('ws', { limit: 2 }); ; page = await store.scanProfiles('ws', { after: page.next, limit: 2 })) {
          scanned.push(...page.profiles.map((p) => p.braze_id));
          if (page.next === undefined) break;
        }
        expect(scanned).toEqual([...model.keys()]);
        for (let i = 0; i <= 4; i++) {
          const owner = [...model.values()].find((p) => p.external_id === `u-${i}`);
          expect((await store.findProfile('ws', { external_id: `u-${i}` }))?.braze_id).toBe(owner?.braze_id);
        }
      }),
    );
  });
});

describe('in-process units and resets', () => {
  it('runs a unit again when the workspace it read was reset before it committed', async () => {
    const store = createMemoryStore();
    await store.unit((tx) => tx.saveProfile('ws', makeProfile({ braze_id: 'b-old', external_id: 'u-1', attributes: { n: 1 } })));
    let runs = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const stale = store.unit(async (tx) => {
      runs += 1;
      const found = await tx.findProfile('ws', { external_id: 'u-1' });
      if (runs === 1) await held;
      if (found) await tx.saveProfile('ws', { ...found, attributes: { n: 2 } });
      return found?.braze_id;
    });
    await store.unit((tx) => tx.resetWorkspace('ws', [makeProfile({ braze_id: 'b-seed' })]));
    release();
    // The first run read the old profile; committing it would bring it back after the reset.
    expect(await stale).toBeUndefined();
    expect(runs).toBe(2);
    expect(await store.findProfile('ws', { braze_id: 'b-old' })).toBeUndefined();
    expect(await store.countProfiles('ws')).toBe(1);
  });
});
