import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, DEFAULT_MAX_MESSAGES, DEFAULT_PORT, parseCliOptions } from './cli-options.ts';

describe('parseCliOptions', () => {
  it('defaults to 127.0.0.1:4010, express, in memory, demo configuration', () => {
    expect(parseCliOptions([], {})).toEqual({
      kind: 'run',
      options: { configFile: undefined, port: DEFAULT_PORT, host: DEFAULT_HOST, adapter: 'express', dbFile: undefined, maxMessages: DEFAULT_MAX_MESSAGES, allowedHosts: [], exposeDemoKey: false, watch: false },
    });
  });

  it('reads every flag of spec 13', () => {
    const parsed = parseCliOptions(['--config', 'x.json', '--port', '4599', '--host', '0.0.0.0', '--adapter', 'nestjs', '--db', 'mock.db', '--max-messages', '500'], {});
    expect(parsed).toEqual({
      kind: 'run',
      options: { configFile: 'x.json', port: 4599, host: '0.0.0.0', adapter: 'nestjs', dbFile: 'mock.db', maxMessages: 500, allowedHosts: [], exposeDemoKey: false, watch: false },
    });
  });

  it('--version and -v ask for the version, whatever else is on the line', () => {
    expect(parseCliOptions(['--version'], {})).toEqual({ kind: 'version' });
    expect(parseCliOptions(['-v', '--port', '1'], {})).toEqual({ kind: 'version' });
  });

  it('--watch reloads the --config file, and needs one', () => {
    expect(parseCliOptions(['--config', 'x.json', '--watch'], {})).toMatchObject({ kind: 'run', options: { configFile: 'x.json', watch: true } });
    expect(parseCliOptions(['--watch'], {})).toEqual({ kind: 'invalid', problem: '--watch needs --config FILE' });
  });

  it('accepts --flag=value', () => {
    expect(parseCliOptions(['--port=0', '--adapter=express'], {})).toMatchObject({ kind: 'run', options: { port: 0 } });
  });

  it('takes PORT and HOST from the environment, flags winning', () => {
    expect(parseCliOptions([], { PORT: '5000', HOST: '::1' })).toMatchObject({ options: { port: 5000, host: '::1' } });
    expect(parseCliOptions(['--port', '6000', '--host', 'localhost'], { PORT: '5000', HOST: '::1' })).toMatchObject({
      options: { port: 6000, host: 'localhost' },
    });
  });

  it('takes MAX_MESSAGES from the environment, the flag winning', () => {
    expect(parseCliOptions([], { MAX_MESSAGES: '42' })).toMatchObject({ options: { maxMessages: 42 } });
    expect(parseCliOptions(['--max-messages=7'], { MAX_MESSAGES: '42' })).toMatchObject({ options: { maxMessages: 7 } });
    expect(parseCliOptions([], { MAX_MESSAGES: 'lots' })).toEqual({ kind: 'invalid', problem: "MAX_MESSAGES must be a positive integer (got 'lots')" });
  });

  it('collects --allowed-host (repeated or comma-separated, normalised), else ALLOWED_HOSTS, and --expose-demo-key', () => {
    expect(parseCliOptions(['--allowed-host', 'Mock.Internal:4010,.svc.local', '--allowed-host=other'], { ALLOWED_HOSTS: 'ignored' })).toMatchObject({
      options: { allowedHosts: ['mock.internal', '.svc.local', 'other'], exposeDemoKey: false },
    });
    expect(parseCliOptions(['--expose-demo-key'], { ALLOWED_HOSTS: 'a.example, b.example' })).toMatchObject({
      options: { allowedHosts: ['a.example', 'b.example'], exposeDemoKey: true },
    });
  });

  it('treats an empty PORT or HOST as unset', () => {
    expect(parseCliOptions([], { PORT: '', HOST: ' ' })).toMatchObject({ options: { port: DEFAULT_PORT, host: DEFAULT_HOST } });
  });

  it.each([['--help'], ['-h']])('%s asks for help', (flag) => {
    expect(parseCliOptions([flag, '--port', 'nonsense'], {})).toEqual({ kind: 'help' });
  });

  it.each([
    [['--nope'], "Unknown option '--nope'"],
    [['extra'], 'extra'],
    [['--port'], '--port'],
    [['--port', '65536'], "--port must be an integer from 0 to 65535 (got '65536')"],
    [['--port', '-1'], '--port'],
    [['--port', '80.5'], "--port must be an integer from 0 to 65535 (got '80.5')"],
    [['--adapter', 'koa'], "--adapter must be one of express, nestjs, fastify, nestjs-fastify (got 'koa')"],
    [['--config', ''], '--config needs a file name'],
    [['--db', ' '], '--db needs a file name'],
    [['--host', ''], '--host must not be empty'],
    [['--max-messages', '0'], "--max-messages must be a positive integer (got '0')"],
    [['--max-messages', '1.5'], '--max-messages must be a positive integer'],
  ])('rejects %j', (argv, problem) => {
    const parsed = parseCliOptions(argv, {});
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.problem).toContain(problem);
  });

  it('names PORT when the bad port came from the environment', () => {
    expect(parseCliOptions([], { PORT: 'http' })).toEqual({ kind: 'invalid', problem: "PORT must be an integer from 0 to 65535 (got 'http')" });
  });

  it('accepts exactly the ports 0..65535', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 200_000 }), (port) => {
        const parsed = parseCliOptions(['--port', String(port)], {});
        const valid = port >= 0 && port <= 65_535;
        expect(parsed.kind).toBe(valid ? 'run' : 'invalid');
        if (parsed.kind === 'run') expect(parsed.options.port).toBe(port);
      }),
    );
  });
});
