/**
 * Reads V8 profiles into the few numbers an optimiser starts from: self time per function and per
 * area (package or core folder), allocated bytes per function, retained bytes per constructor.
 * Positions in built bundles are mapped back to the TypeScript source through their source maps.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface CpuNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: CpuNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  share: number;
  /** Milliseconds (CPU) or bytes (allocation, retention). */
  amount: number;
}

const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(url: string): SourceMap | undefined {
  if (!maps.has(url)) {
    let map: SourceMap | undefined;
    try {
      const file = fileURLToPath(url);
      if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = undefined;
    }
    maps.set(url, map);
  }
  return maps.get(url);
}

/** `path:line` in the original source where a map says, else in the file that ran. */
function locate(frame: CallFrame): string {
  if (frame.url === '') return '';
  if (frame.url.startsWith('/')) return locate({ ...frame, url: pathToFileURL(frame.url).href });
  if (!frame.url.startsWith('file://')) return frame.url;
  const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
  if (entry && 'originalSource' in entry && entry.originalSource) {
    const source = entry.originalSource.startsWith('file://') ? fileURLToPath(entry.originalSource) : resolve(dirname(fileURLToPath(frame.url)), entry.originalSource);
    return `${shorten(source)}:${entry.originalLine + 1}`;
  }
  return `${shorten(fileURLToPath(frame.url))}:${frame.lineNumber + 1}`;
}

function shorten(path: string): string {
  const pnpm = /node_modules\/\.pnpm\/[^/]+\/node_modules\/(.*)$/.exec(path);
  if (pnpm) return pnpm[1]!;
  return relative(repoRoot, path);
}

/** Which part of the system a location belongs to: an npm package, a folder of core, node's internals. */
function areaOf(frame: CallFrame, location: string): string {
  if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (location.startsWith('node:')) return 'node internals';
  const core = /^packages\/core\/src\/([^/]+)(?:\/([^/]+)\/)?/.exec(location);
  if (core) return `core/${core[1]}${core[2] && !core[2].includes('.') ? `/${core[2]}` : ''}`;
  const workspace = /^(packages|apps)\/([^/]+)\//.exec(location);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  const pkg = /^(@[^/]+\/[^/]+|[^/]+)\//.exec(location);
  return pkg ? pkg[1]! : location;
}

function ranked(totals: Map<string, number>, all: number, limit: number): Share[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, amount]) => ({ name, amount, share: amount / all }));
}

function add(totals: Map<string, number>, key: string, amount: number): void {
  totals.set(key, (totals.get(key) ?? 0) + amount);
}

export interface CpuSummary {
  totalMs: number;
  /** Share of samples outside the idle loop spent in the garbage collector. */
  gcShare: number;
  idleShare: number;
  functions: Share[];
  areas: Share[];
}

/** Self time per function and per area, as shares of the busy (non-idle) time. */
export function summarizeCpuProfile(file: string, limit = 25): CpuSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let gc = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    total += us;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    if (frame.functionName === '(garbage collector)') gc += us;
    const location = locate(frame);
    add(functions, `${frame.functionName || '(anonymous)'} ${location}`.trim(), us);
    add(areas, areaOf(frame, location), us);
  }
  const busy = total - idle;
  return {
    totalMs: total / 1000,
    gcShare: gc / busy,
    idleShare: idle / total,
    functions: ranked(functions, busy, limit).map((share) => ({ ...share, amount: share.amount / 1000 })),
    areas: ranked(areas, busy, limit).map((share) => ({ ...share, amount: share.amount / 1000 })),
  };
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

/** Sampled allocated bytes (collected objects included) per function and per area. */
export function summarizeAllocations(file: string, limit = 20): { totalBytes: number; functions: Share[]; areas: Share[] } {
  const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode };
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  const stack: HeapNode[] = [head];
  while (stack.length > 0) {
    const node = stack.pop()!;
    stack.push(...node.children);
    if (node.selfSize === 0) continue;
    total += node.selfSize;
    const location = locate(node.callFrame);
    add(functions, `${node.callFrame.functionName || '(anonymous)'} ${location}`.trim(), node.selfSize);
    add(areas, areaOf(node.callFrame, location), node.selfSize);
  }
  return { totalBytes: total, functions: ranked(functions, total, limit), areas: ranked(areas, total, limit) };
}

/** Retained self size per constructor (type + name) in a heap snapshot. */
export function summarizeSnapshot(file: string, limit = 15): { totalBytes: number; byConstructor: Share[] } {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const types = snapshot.snapshot.meta.node_types[0];
  const totals = new Map<string, number>();
  let total = 0;
  for (let index = 0; index < snapshot.nodes.length; index += width) {
    const type = types[snapshot.nodes[index + typeAt]!] ?? '?';
    const size = snapshot.nodes[index + sizeAt]!;
    total += size;
    const name = type === 'object' || type === 'closure' ? `${type} ${snapshot.strings[snapshot.nodes[index + nameAt]!]}` : type;
    add(totals, name, size);
  }
  return { totalBytes: total, byConstructor: ranked(totals, total, limit) };
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function profileFile(dir: string, suffix: string): string | undefined {
  const name = readdirSync(dir).find((entry) => entry.endsWith(suffix));
  return name === undefined ? undefined : join(dir, name);
}
