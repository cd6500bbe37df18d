/**
 * The in-memory store at scale (default a million profiles; BENCH_PROFILES scales it down):
 * heap per profile, insert throughput and lookup throughput by external_id, alias and email, each
 * as a ratio against the naive baseline: the same parsed records in plain Maps.
 *
 * Run: tsx --expose-gc bench/memory-store.bench.ts
 */
import { createMemoryStore, type ProfileRecord, type Store, type UserAlias } from '@triggerkit/core';
import { envCount, heapUsedAfterGc, measureThroughput, printRatioTable, throughputRows, type BenchCase, type Budget } from './support/measure';
import { aliasOf, emailOf, externalIdOf, profileChunk, sampleIndices } from './support/profiles';

const PROFILES = envCount('BENCH_PROFILES', 1_000_000);
const LOOKUPS = Math.min(20_000, PROFILES);
const CHUNK = 10_000;
const WORKSPACE = 'bench';
const LOOKUP_BUDGET: Budget = { rounds: 5, maxCalls: 3, maxMs: 500 };

/**
 * The naive baseline: the records as parsed, one Map per index, every Map pointing at the same
 * object. No copies in or out, no conflict checks, one owner per email.
 */
class NaiveProfiles {
  readonly byBrazeId = new Map<string, ProfileRecord>();
  readonly byExternalId = new Map<string, ProfileRecord>();
  readonly byAlias = new Map<string, ProfileRecord>();
  readonly byEmail = new Map<string, ProfileRecord>();

  insert(profile: ProfileRecord): void {
    this.byBrazeId.set(profile.braze_id, profile);
    if (profile.external_id !== undefined) this.byExternalId.set(profile.external_id, profile);
    for (const alias of profile.user_aliases) this.byAlias.set(naiveAliasKey(alias), profile);
    const email = profile.attributes['email'];
    if (typeof email === 'string') this.byEmail.set(email.trim().toLowerCase(), profile);
  }
}

function naiveAliasKey(alias: UserAlias): string {
  return `${alias.alias_label}\u0000${alias.alias_name}`;
}

interface Filled {
  insertsPerSecond: number;
  bytesPerProfile: number;
}

/** Inserts every profile chunk by chunk; only the inserts are timed, only what stays reachable is counted. */
async function fill(insertChunk: (chunk: readonly ProfileRecord[]) => void | Promise<void>): Promise<Filled> {
  const heapBefore = heapUsedAfterGc();
  let insertMs = 0;
  for (let start = 0; start < PROFILES; start += CHUNK) {
    const chunk = profileChunk(start, Math.min(start + CHUNK, PROFILES));
    const started = performance.now();
    await insertChunk(chunk);
    insertMs += performance.now() - started;
  }
  return { insertsPerSecond: (PROFILES * 1000) / insertMs, bytesPerProfile: (heapUsedAfterGc() - heapBefore) / PROFILES };
}

function fillNaive(naive: NaiveProfiles): Promise<Filled> {
  return fill((chunk) => {
    for (const profile of chunk) naive.insert(profile);
  });
}

function fillStore(store: Store): Promise<Filled> {
  return fill(async (chunk) => {
    // One unit per profile: the way the engine writes a profile per request.
    for (const profile of chunk) await store.unit((tx) => tx.saveProfile(WORKSPACE, profile));
  });
}

function lookupCases(naive: NaiveProfiles, store: Store): Record<'external_id' | 'alias' | 'email', BenchCase[]> {
  const indices = sampleIndices(LOOKUPS, PROFILES);
  const externalIds = indices.map(externalIdOf);
  const aliases = indices.map(aliasOf);
  const emails = indices.map(emailOf);
  const found = (hits: number, what: string) => {
    if (hits !== LOOKUPS) throw new Error(`${what}: found ${hits} of ${LOOKUPS} profiles; the benchmark data is wrong`);
  };
  return {
    external_id: [
      naiveCase('naive Map.get', externalIds, (id) => naive.byExternalId.get(id), found),
      naiveCase('naive Map.get + structuredClone (copy out, as the port requires)', externalIds, (id) => structuredClone(naive.byExternalId.get(id)), found),
      storeCase('store.findProfile({external_id})', externalIds, (id) => store.findProfile(WORKSPACE, { external_id: id }).then(Boolean), found),
    ],
    alias: [
      naiveCase('naive Map.get', aliases, (alias) => naive.byAlias.get(naiveAliasKey(alias)), found),
      storeCase('store.findProfile({user_alias})', aliases, (alias) => store.findProfile(WORKSPACE, { user_alias: alias }).then(Boolean), found),
    ],
    email: [
      naiveCase('naive Map.get', emails, (email) => naive.byEmail.get(email.trim().toLowerCase()), found),
      storeCase('store.findProfilesByEmail', emails, (email) => store.findProfilesByEmail(WORKSPACE, email).then((owners) => owners.length === 1), found),
    ],
  };
}

type HitCheck = (hits: number, what: string) => void;

function naiveCase<K>(name: string, keys: readonly K[], lookUp: (key: K) => ProfileRecord | undefined, check: HitCheck): BenchCase {
  return {
    name,
    opsPerCall: LOOKUPS,
    call() {
      let hits = 0;
      for (const key of keys) if (lookUp(key)) hits++;
      check(hits, name);
    },
  };
}

function storeCase<K>(name: string, keys: readonly K[], lookUp: (key: K) => Promise<boolean>, check: HitCheck): BenchCase {
  return {
    name,
    opsPerCall: LOOKUPS,
    async call() {
      let hits = 0;
      for (const key of keys) if (await lookUp(key)) hits++;
      check(hits, name);
    },
  };
}

async function main(): Promise<void> {
  console.log(`memory store: ${PROFILES.toLocaleString('en-US')} profiles, ${LOOKUPS.toLocaleString('en-US')} lookups per call`);
  // Each structure is built alone on a clean heap, so neither pays for the other's GC pressure.
  let naive: NaiveProfiles | undefined = new NaiveProfiles();
  const naiveFilled = await fillNaive(naive);
  naive = undefined;
  const store = createMemoryStore();
  const storeFilled = await fillStore(store);
  if ((await store.countProfiles(WORKSPACE)) !== PROFILES) throw new Error('the store lost profiles');

  printRatioTable(`heap per profile after GC (${PROFILES.toLocaleString('en-US')} profiles)`, 'bytes/profile', [
    { name: 'naive Maps of parsed records', value: naiveFilled.bytesPerProfile },
    { name: 'createMemoryStore()', value: storeFilled.bytesPerProfile },
  ]);
  printRatioTable(`insert throughput (up to ${PROFILES.toLocaleString('en-US')} profiles, alone on the heap)`, 'inserts/s', [
    { name: 'naive Map.set x4', value: naiveFilled.insertsPerSecond },
    { name: 'store.saveProfile', value: storeFilled.insertsPerSecond },
  ]);

  naive = new NaiveProfiles();
  await fillNaive(naive);
  const cases = lookupCases(naive, store);
  for (const [kind, kindCases] of Object.entries(cases)) {
    printRatioTable(`lookup by ${kind} (both structures full)`, 'lookups/s', throughputRows(await measureThroughput(kindCases, LOOKUP_BUDGET)));
  }
  await store.close();
}

await main();
