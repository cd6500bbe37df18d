import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { loadConfig } from './config.loader.ts';
import type { RunningMockServer } from './mock-server.ts';

export const WATCH_DEBOUNCE_MS = 150;

export interface ConfigWatcher {
  close(): void;
}

/**
 * `--watch`: when the configuration file changes, validates it and restarts the server in place with
 * it. An invalid file is logged, problem by problem, and the running configuration stays.
 * Reloads run one at a time; a save that leaves the text as it was changes nothing.
 */
export function reloadOnChange(file: string, running: Pick<RunningMockServer, 'reload'>, logger: Logger): ConfigWatcher {
  let lastText = textOf(file);
  let queue = Promise.resolve();
  const reload = async () => {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined || text === lastText) return;
    lastText = text;
    const loaded = await loadConfig(file);
    if (!loaded.ok) {
      logger.error({ config: file, problems: loaded.problems }, 'configuration not reloaded: the changed file is invalid, the running configuration stays');
      return;
    }
    try {
      await running.reload(loaded.config);
      logger.info({ config: file }, 'configuration reloaded');
    } catch (error) {
      logger.error({ config: file, err: error }, 'configuration not reloaded: the server could not restart with it, the running configuration stays');
    }
  };
  return watchFile(file, () => {
    queue = queue.then(reload);
  });
}

/**
 * Calls `onChange` once a burst of changes to `file` settles. The directory is watched, not the file:
 * editors that save by writing a new file and renaming it over the old one would end a file watch.
 */
export function watchFile(file: string, onChange: () => void, debounceMs = WATCH_DEBOUNCE_MS): ConfigWatcher {
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dirname(file), (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  // The server's socket keeps the process alive; the watch must not keep it from exiting.
  watcher.unref();
  return {
    close: () => {
      clearTimeout(timer);
      watcher.close();
    },
  };
}

function textOf(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
