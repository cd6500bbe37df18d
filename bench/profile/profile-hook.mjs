// Preloaded into the profiled server (`node --import profile-hook.mjs`): tallies GC pauses by kind,
// writes a heap snapshot on SIGUSR2 and, with PROFILE_ALLOC=1, samples every allocation (also
// those collected again, which `--heap-prof` leaves out).
// Everything is written synchronously from the 'exit' handler (the in-thread inspector session
// answers synchronously), into PROFILE_DIR.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';

const dir = process.env.PROFILE_DIR ?? '.';
const started = process.hrtime.bigint();
const gc = { minorMs: 0, majorMs: 0, incrementalMs: 0, weakMs: 0, count: 0 };
const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minorMs',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'majorMs',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incrementalMs',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakMs',
};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gc[KINDS[entry.detail?.kind] ?? 'majorMs'] += entry.duration;
    gc.count += 1;
  }
}).observe({ entryTypes: ['gc'] });

const session = process.env.PROFILE_ALLOC === '1' ? new Session() : undefined;
if (session) {
  session.connect();
  session.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}

// SIGUSR2: a snapshot of what is retained right now (the driver sends it at the end of the load).
process.on('SIGUSR2', () => {
  writeHeapSnapshot(join(dir, 'retained.heapsnapshot'));
  writeFileSync(join(dir, 'snapshot.done'), '');
});

process.on('exit', () => {
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage();
  writeFileSync(join(dir, 'gc.json'), JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss, ...gc }));
  if (!session) return;
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (!error) writeFileSync(join(dir, 'alloc.heapprofile'), JSON.stringify(result.profile));
  });
});
