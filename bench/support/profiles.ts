import type { ProfileRecord, UserAlias } from '@triggerkit/core';

/**
 * Deterministic, realistic profiles: parsed from JSON text (as request bodies and database rows
 * arrive), one alias each, eight attributes, an event counter on every tenth profile.
 */
export const ALIAS_LABEL = 'amplitude_id';

export function externalIdOf(index: number): string {
  return `user-${index}`;
}

export function aliasOf(index: number): UserAlias {
  return { alias_name: `anon-${index}`, alias_label: ALIAS_LABEL };
}

export function emailOf(index: number): string {
  return `user.${index}@example.com`;
}

/** Profiles `[start, end)`, freshly parsed (nothing shared between calls). */
export function profileChunk(start: number, end: number): ProfileRecord[] {
  const parts: string[] = [];
  for (let index = start; index < end; index++) parts.push(profileJson(index));
  return JSON.parse(`[${parts.join(',')}]`) as ProfileRecord[];
}

function profileJson(index: number): string {
  const time = new Date(Date.UTC(2025, 0, 1) + index * 1000).toISOString();
  const activity = index % 10 === 0 ? `{"app_open":{"count":${index % 7},"first_time":"${time}","last_time":"${time}"}}` : '{}';
  return (
    `{"braze_id":"${index.toString(16).padStart(24, '0')}","external_id":"${externalIdOf(index)}",` +
    `"user_aliases":[{"alias_name":"anon-${index}","alias_label":"${ALIAS_LABEL}"}],` +
    `"attributes":{"email":"${emailOf(index)}","first_name":"Ann","last_name":"Lee${index % 1000}","country":"US",` +
    `"gender":"${index % 2 === 0 ? 'F' : 'M'}","plan":"${index % 3 === 0 ? 'pro' : 'free'}","visits":${index % 97},"signed_up_at":"${time}"},` +
    `"events":${activity},"purchases":{},"created_at":"${time}","updated_at":"${time}"}`
  );
}

/** `count` indices in `[0, size)` from a fixed-seed generator: the same keys every run. */
export function sampleIndices(count: number, size: number): number[] {
  const indices: number[] = [];
  let state = 0x9e3779b9;
  for (let n = 0; n < count; n++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    indices.push(state % size);
  }
  return indices;
}
