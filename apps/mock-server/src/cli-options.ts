import { parseArgs } from 'node:util';
import { normaliseAllowedHost } from './host-guard.ts';

export const ADAPTERS = ['express', 'nestjs', 'fastify', 'nestjs-fastify'] as const;
export type AdapterName = (typeof ADAPTERS)[number];

export interface CliOptions {
  configFile: string | undefined;
  port: number;
  host: string;
  adapter: AdapterName;
  dbFile: string | undefined;
  /** Messages and dispatch records kept per workspace (oldest dropped first). */
  maxMessages: number;
  /** Host names served besides loopback names and IP addresses (normalised; `*` allows any). */
  allowedHosts: string[];
  /** Start on a non-loopback address even with the demo workspace's printed key. */
  exposeDemoKey: boolean;
  /** Reload the --config file when it changes. */
  watch: boolean;
}

export type ParsedCli = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'version' } | { kind: 'invalid'; problem: string };

export const DEFAULT_PORT = 4010;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_MESSAGES = 10_000;

export const USAGE = `Usage: triggerkit-mock [--config FILE] [--port N] [--host H] [--adapter ${ADAPTERS.join('|')}] [--db FILE] [--max-messages N]
                       [--allowed-host NAME]... [--expose-demo-key]

A Braze-compatible server for local development and CI.

Options:
  --config FILE              workspaces, keys, campaigns, canvases and seed users (JSON).
                             Without it, a "demo" workspace starts and its key is printed.
  --port N                   port to listen on (0 picks a free one)   [env PORT, default ${DEFAULT_PORT}]
  --host H                   interface to bind                          [env HOST, default ${DEFAULT_HOST}]
  --adapter NAME             framework hosting the endpoints: express, nestjs (Nest on
                             Express), fastify or nestjs-fastify (Nest on Fastify)  [default express]
  --db FILE                  keep users, messages and dispatches in this SQLite file
                             (default: in memory, lost on exit)
  --max-messages N           messages and dispatch records kept per workspace,
                             oldest dropped first             [env MAX_MESSAGES, default ${DEFAULT_MAX_MESSAGES}]
  --allowed-host NAME        also serve requests whose Host is NAME (repeatable or comma-separated;
                             .example.com allows its subdomains, * any). Loopback names and IP
                             addresses are always served; other names are refused (DNS rebinding)
                                                                [env ALLOWED_HOSTS]
  --expose-demo-key          allow a non-loopback --host without --config, although the demo
                             workspace's key is printed and has every permission
  --watch                    reload the --config file when it changes (validated first: an
                             invalid change is logged and the running configuration stays;
                             state is kept only with --db)
  -h, --help                 show this help
  -v, --version              print the version of @triggerkit/mock-server

Inspect what was sent: GET /_mock/messages, or open /_mock/ui in a browser.`;

/** Parses argv (without node and the script) and the PORT/HOST environment; flags win over the environment. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCli {
  let values: ReturnType<typeof parseFlags>['values'];
  try {
    ({ values } = parseFlags(argv));
  } catch (error) {
    return { kind: 'invalid', problem: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const port = parsePort(values.port ?? env.PORT, values.port === undefined ? 'PORT' : '--port');
  if (typeof port === 'string') return { kind: 'invalid', problem: port };
  const adapter = values.adapter ?? 'express';
  if (!isAdapter(adapter)) return { kind: 'invalid', problem: `--adapter must be one of ${ADAPTERS.join(', ')} (got '${adapter}')` };
  const host = values.host ?? nonEmpty(env.HOST) ?? DEFAULT_HOST;
  if (host.trim() === '') return { kind: 'invalid', problem: '--host must not be empty' };
  for (const [flag, value] of [['--config', values.config], ['--db', values.db]] as const) {
    if (value !== undefined && value.trim() === '') return { kind: 'invalid', problem: `${flag} needs a file name` };
  }
  const maxMessages = parseMaxMessages(values['max-messages'] ?? env.MAX_MESSAGES, values['max-messages'] === undefined ? 'MAX_MESSAGES' : '--max-messages');
  if (typeof maxMessages === 'string') return { kind: 'invalid', problem: maxMessages };
  const watch = values.watch === true;
  if (watch && values.config === undefined) return { kind: 'invalid', problem: '--watch needs --config FILE' };
  const allowedHosts = [...(values['allowed-host'] ?? []), ...(values['allowed-host'] === undefined ? [env.ALLOWED_HOSTS ?? ''] : [])]
    .flatMap((value) => value.split(','))
    .filter((value) => value.trim() !== '')
    .map(normaliseAllowedHost);
  const exposeDemoKey = values['expose-demo-key'] === true;
  return { kind: 'run', options: { configFile: values.config, port, host, adapter, dbFile: values.db, maxMessages, allowedHosts, exposeDemoKey, watch } };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      adapter: { type: 'string' },
      db: { type: 'string' },
      'max-messages': { type: 'string' },
      'allowed-host': { type: 'string', multiple: true },
      'expose-demo-key': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
      watch: { type: 'boolean' },
    },
  });
}

function parsePort(raw: string | undefined, source: string): number | string {
  const text = nonEmpty(raw);
  if (text === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) return `${source} must be an integer from 0 to 65535 (got '${text}')`;
  return Number(text);
}

function parseMaxMessages(raw: string | undefined, source: string): number | string {
  const text = nonEmpty(raw);
  if (text === undefined) return DEFAULT_MAX_MESSAGES;
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) return `${source} must be a positive integer (got '${text}')`;
  return Number(text);
}

function isAdapter(value: string): value is AdapterName {
  return (ADAPTERS as readonly string[]).includes(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
