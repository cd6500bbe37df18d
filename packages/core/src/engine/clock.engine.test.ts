import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from './engine.types';
import { engineFor, workspace } from './engine.fixtures';
import { manualClock } from './support/clock';

let engine: Engine;
afterEach(async () => {
  await engine.close();
});

const START = Date.UTC(2026, 0, 1);
const manual = (extra: Parameters<typeof workspace>[1] = {}) => workspace('acme', { clock: { mode: 'manual' }, ...extra });

describe('the mock clock (endpoints spec 2)', () => {
  it('a manual clock drives the users/track delay: the write shows only when the clock is advanced past it', async () => {
    engine = engineFor({ workspaces: [manual({ users_track_delay_ms: 60_000 })] }, { clock: manualClock(0) });
    expect(await engine.getClock('acme')).toEqual({ now: '2026-01-01T00:00:00.000Z', mode: 'manual' });
    await engine.trackUsers('acme', { attributes: [{ external_id: 'late', plan: 'pro' }] });
    // Real time passing changes nothing: no timer waits on a manual clock.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(engine.getUser('acme', 'late')).rejects.toMatchObject({ httpStatus: 404 });
    expect(await engine.advanceClock('acme', { ms: 59_999 })).toEqual({ now: '2026-01-01T00:00:59.999Z', mode: 'manual', processed: { writes: 0, schedule_moments: 0 } });
    expect(await engine.advanceClock('acme', { to: '2026-01-01T00:02:00Z' })).toMatchObject({ now: '2026-01-01T00:02:00.000Z', processed: { writes: 1, schedule_moments: 0 } });
    const user = await engine.getUser('acme', 'late');
    // The write became visible at its own due time, and the profile says so.
    expect(user.created_at).toBe(new Date(START + 60_000).toISOString());
  });

  it('records carry mock-clock times, and reset puts the clock back', async () => {
    engine = engineFor({ workspaces: [manual({ clock: { mode: 'manual', start: '2030-05-01T10:00:00+02:00' } })] }, { clock: manualClock(0) });
    await engine.advanceClock('acme', { ms: 1_000 });
    const sent = await engine.triggerCampaign('acme', { campaign_id: 'order-confirmation', recipients: [{ external_user_id: 'u', send_to_existing_only: false, attributes: { email: 'u@example.com' } }] });
    const { messages } = await engine.listMessages('acme', { dispatch_id: sent.dispatch_id });
    expect(messages[0]?.sent_at).toBe('2030-05-01T08:00:01.000Z');
    await engine.reset('acme');
    expect(await engine.getClock('acme')).toEqual({ now: '2030-05-01T08:00:00.000Z', mode: 'manual' });
  });

  it('a system clock adds the advance to offset_ms', async () => {
    const system = manualClock(START);
    engine = engineFor({ workspaces: [workspace('acme')] }, { clock: system });
    expect(await engine.advanceClock('acme', { ms: 3_600_000 })).toEqual({
      now: '2026-01-01T01:00:00.000Z',
      mode: 'system',
      offset_ms: 3_600_000,
      processed: { writes: 0, schedule_moments: 0 },
    });
    system.advance(5);
    expect(await engine.getClock('acme')).toEqual({ now: '2026-01-01T01:00:00.005Z', mode: 'system', offset_ms: 3_600_000 });
  });

  it('rejects an advance that is not exactly one of ms and to, or goes backwards', async () => {
    engine = engineFor({ workspaces: [manual()] }, { clock: manualClock(0) });
    for (const body of [{}, { ms: 1, to: '2026-01-02T00:00:00Z' }, { ms: -1 }, { ms: 1.5 }, { ms: 31_536_000_001 }, { to: '2026-01-02T00:00:00' }, { to: 'tomorrow' }]) {
      await expect(engine.advanceClock('acme', body), JSON.stringify(body)).rejects.toMatchObject({ httpStatus: 400, message: 'Bad Request' });
    }
    await expect(engine.advanceClock('acme', { to: '2025-12-31T23:59:59Z' })).rejects.toMatchObject({ httpStatus: 400, message: 'The mock clock cannot go backwards' });
    expect(await engine.advanceClock('acme', { ms: 31_536_000_000 })).toMatchObject({ now: '2027-01-01T00:00:00.000Z' });
  });
});
