import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import {
  type ArgumentsHost,
  Catch,
  type CallHandler,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
  HttpException,
  type INestApplication,
  Inject,
  Injectable,
  type NestInterceptor,
  type NestApplicationOptions,
  Module,
  Controller,
  Post,
  HttpCode,
  Body,
  Headers,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { RateLimitedError, ValidationError, type HttpHandler, type HttpResponse } from '@triggerkit/core';
import { recordingHandler } from '@triggerkit/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { TRIGGERKIT_SERVER, TriggerKitHttpException, TriggerKitServerModule, type TriggerKitServer } from './index';

const JSON_TYPE = 'application/json; charset=utf-8';
const apps: INestApplication[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

// Every test runs on both platforms; Nest's own options (bodyParser, rawBody) mean the same on each.
const PLATFORMS = [
  { name: 'express', create: (module: object, options: NestApplicationOptions) => NestFactory.create(module, options) },
  { name: 'fastify', create: (module: object, options: NestApplicationOptions) => NestFactory.create(module, new FastifyAdapter(), options) },
] as const;

describe.each(PLATFORMS)('TriggerKitServerModule on $name', (platform) => {
async function start(imports: unknown[], providers: unknown[] = [], appOptions: NestApplicationOptions = { bodyParser: false }, prefix?: string) {
  class AppModule {}
  Module({ imports: imports as never[], providers: providers as never[] })(AppModule);
  const app = await platform.create(AppModule, { logger: false, abortOnError: false, ...appOptions });
  if (prefix) app.setGlobalPrefix(prefix);
  await app.listen(0, '127.0.0.1');
  apps.push(app);
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

const rateLimited: HttpResponse = {
  status: 429,
  headers: { 'content-type': JSON_TYPE, 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1767229200', 'retry-after': '1800' },
  body: '{"message":"Rate limit exceeded"}',
};

  it('answers exactly what the core handler answers on success, status included', async () => {
    const core = recordingHandler({ status: 200, headers: { 'content-type': JSON_TYPE, 'x-custom': 'yes' }, body: '{"ok":true}' });
    const { base } = await start([TriggerKitServerModule.forRoot({ handler: core.handler, path: 'braze' })]);
    const response = await fetch(`${base}/braze/_mock/reset`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.headers.get('content-type')).toBe(JSON_TYPE);
    expect(await response.text()).toBe('{"ok":true}');
  });

  it('turns an error answer into an HttpException yet keeps its status, headers and body bytes', async () => {
    const { base } = await start([TriggerKitServerModule.forRoot({ handler: recordingHandler(rateLimited).handler })]);
    const response = await fetch(`${base}/campaigns/trigger/send`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(429);
    for (const [name, value] of Object.entries(rateLimited.headers)) expect(response.headers.get(name)).toBe(value);
    expect(await response.text()).toBe(rateLimited.body);
  });

  it('lets a user exception filter see the TriggerKitHttpException and its typed cause', async () => {
    const caught: unknown[] = [];
    @Catch(HttpException)
    class RecordingFilter implements ExceptionFilter {
      constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}
      catch(exception: HttpException, host: ArgumentsHost) {
        caught.push(exception);
        this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), { wrapped: exception.getResponse() }, exception.getStatus());
      }
    }
    const { base } = await start([TriggerKitServerModule.forRoot({ handler: recordingHandler(rateLimited).handler })], [{ provide: APP_FILTER, useClass: RecordingFilter }]);
    const response = await fetch(`${base}/campaigns/trigger/send`, { method: 'POST', body: '{}' });
    expect(await response.json()).toEqual({ wrapped: { message: 'Rate limit exceeded' } });
    expect(response.headers.get('retry-after')).toBe('1800');
    const [exception] = caught;
    expect(exception).toBeInstanceOf(TriggerKitHttpException);
    const { cause, headers } = exception as TriggerKitHttpException;
    expect(cause).toBeInstanceOf(RateLimitedError);
    expect(cause).toMatchObject({ httpStatus: 429, retryAfterSeconds: 1800 });
    expect(headers['x-ratelimit-remaining']).toBe('0');
  });

  it('gives validation failures a ValidationError cause with the Braze message and errors', async () => {
    const caught: TriggerKitHttpException[] = [];
    @Catch(TriggerKitHttpException)
    class Filter implements ExceptionFilter {
      constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}
      catch(exception: TriggerKitHttpException, host: ArgumentsHost) {
        caught.push(exception);
        this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), {}, 422);
      }
    }
    const body = { message: 'No Recipients', errors: ['recipients: No Recipients'] };
    const core = recordingHandler({ status: 400, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) });
    const { base } = await start([TriggerKitServerModule.forRoot({ handler: core.handler })], [{ provide: APP_FILTER, useClass: Filter }]);
    expect((await fetch(`${base}/campaigns/trigger/send`, { method: 'POST', body: '{}' })).status).toBe(422);
    expect(caught[0]?.getResponse()).toEqual(body);
    expect(caught[0]?.cause).toBeInstanceOf(ValidationError);
    expect(caught[0]?.cause).toMatchObject({ message: 'No Recipients', errors: body.errors });
  });

  it('runs guards and interceptors around the endpoints', async () => {
    const intercepted: string[] = [];
    @Injectable()
    class DenyHeader implements CanActivate {
      canActivate(context: ExecutionContext) {
        return context.switchToHttp().getRequest().headers['x-deny'] === undefined;
      }
    }
    @Injectable()
    class Recorder implements NestInterceptor {
      intercept(context: ExecutionContext, next: CallHandler) {
        intercepted.push(context.switchToHttp().getRequest().url);
        return next.handle();
      }
    }
    const core = recordingHandler({ status: 201, headers: { 'content-type': JSON_TYPE }, body: '{"message":"success"}' });
    const { base } = await start(
      [TriggerKitServerModule.forRoot({ handler: core.handler })],
      [
        { provide: APP_GUARD, useClass: DenyHeader },
        { provide: APP_INTERCEPTOR, useClass: Recorder },
      ],
    );
    expect((await fetch(`${base}/users/track`, { method: 'POST', body: '{}', headers: { 'x-deny': '1' } })).status).toBe(403);
    expect(core.seen).toHaveLength(0);
    expect((await fetch(`${base}/users/track`, { method: 'POST', body: '{}' })).status).toBe(201);
    expect(intercepted).toEqual(['/users/track']);
  });

  it('hands the core handler the path relative to its mount, behind a global prefix, encoding and query kept', async () => {
    const core = recordingHandler({ status: 200, headers: { 'content-type': JSON_TYPE }, body: '{}' });
    const { base } = await start([TriggerKitServerModule.forRoot({ handler: core.handler, path: 'braze/mock' })], [], { bodyParser: false }, 'v1/api');
    await fetch(`${base}/v1/api/braze/mock/_mock/users/a%2Fb%20c?x=1&x=2`);
    await fetch(`${base}/v1/api/braze/mock`);
    expect(core.seen.map((request) => request.path)).toEqual(['/_mock/users/a%2Fb%20c', '/']);
    expect(core.seen[0]?.query).toEqual({ x: ['1', '2'] });
    expect(core.seen[0]).toMatchObject({ method: 'GET', headers: expect.objectContaining({ host: expect.any(String) }) });
  });

  // Spec 2, Rev 2: behind Nest's default body parsers a form body arrives parsed; the core handler still refuses it by its type.
  it('answers 415 for a form or text body, with or without Nest’s default body parsers, as a TriggerKitHttpException', async () => {
    const caught: unknown[] = [];
    @Catch()
    class Recording implements ExceptionFilter {
      constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}
      catch(exception: unknown, host: ArgumentsHost) {
        caught.push(exception);
        const { getStatus, getResponse } = exception as { getStatus(): number; getResponse(): unknown };
        this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), getResponse.call(exception), getStatus.call(exception));
      }
    }
    const config = { workspaces: [{ name: 'acme', api_keys: [{ key: 'k', permissions: ['users.track' as const] }] }] };
    for (const appOptions of [{}, { bodyParser: false }]) {
      const { base } = await start([TriggerKitServerModule.forRoot({ config })], [{ provide: APP_FILTER, useClass: Recording }], appOptions);
      for (const [contentType, body] of [['application/x-www-form-urlencoded', 'attributes=x'], ['text/plain', '{"attributes":[]}']]) {
        const response = await fetch(`${base}/users/track`, { method: 'POST', headers: { authorization: 'Bearer k', 'content-type': contentType as string }, body });
        expect([response.status, await response.json()]).toEqual([415, { message: 'Unsupported Media Type' }]);
        expect(response.headers.get('x-ratelimit-limit')).toBeNull();
      }
    }
    expect(caught).toHaveLength(4);
    expect(caught.every((exception) => exception instanceof TriggerKitHttpException)).toBe(true);
  });

  it('reads the raw body itself, and still works behind Nest’s default JSON body parser', async () => {
    const raw = '{"campaign_id":"welcome",  "recipients":[]}';
    const ok = { status: 201, headers: { 'content-type': JSON_TYPE }, body: '{}' };
    const own = recordingHandler(ok);
    const ownApp = await start([TriggerKitServerModule.forRoot({ handler: own.handler })]);
    await fetch(`${ownApp.base}/campaigns/trigger/send`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json' } });
    expect(new TextDecoder().decode(own.seen[0]?.rawBody as Uint8Array)).toBe(raw);

    const parsed = recordingHandler(ok);
    const parsedApp = await start([TriggerKitServerModule.forRoot({ handler: parsed.handler })], [], {});
    await fetch(`${parsedApp.base}/campaigns/trigger/send`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json' } });
    // Express's parser runs before any route; on Fastify the module keeps every parser off its routes.
    if (platform.name === 'express') expect(parsed.seen[0]).toMatchObject({ parsedBody: { campaign_id: 'welcome', recipients: [] } });
    else expect(new TextDecoder().decode(parsed.seen[0]?.rawBody as Uint8Array)).toBe(raw);

    const rawKept = recordingHandler(ok);
    const rawApp = await start([TriggerKitServerModule.forRoot({ handler: rawKept.handler })], [], { rawBody: true });
    await fetch(`${rawApp.base}/campaigns/trigger/send`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json' } });
    expect(Buffer.from(rawKept.seen[0]?.rawBody as Uint8Array).toString()).toBe(raw);
  });

  it('keeps the platform’s own parsing for the app’s other routes, and headers as they came', async () => {
    @Controller('echo')
    class EchoController {
      @Post()
      @HttpCode(200)
      echo(@Body() body: unknown, @Headers('content-type') type: string) {
        return { body, type };
      }
    }
    const core = recordingHandler({ status: 200, headers: { 'content-type': JSON_TYPE }, body: '{}' });
    class AppModule {}
    Module({ imports: [TriggerKitServerModule.forRoot({ handler: core.handler, path: 'braze' })], controllers: [EchoController] })(AppModule);
    const app = await platform.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const echoed = await fetch(`${base}/echo`, { method: 'POST', body: '{"x":1}', headers: { 'content-type': 'application/json' } });
    expect(await echoed.json()).toEqual({ body: { x: 1 }, type: 'application/json' });
    await fetch(`${base}/braze/users/track`, { method: 'POST', body: '{"attributes":  []}', headers: { 'content-type': 'Application/JSON; charset=utf-8' } });
    expect(core.seen[0]?.headers['content-type']).toBe('Application/JSON; charset=utf-8');
    // Express's parser runs before any route; on Fastify the module keeps every parser off its routes.
    if (platform.name === 'express') expect(core.seen[0]).toMatchObject({ parsedBody: { attributes: [] } });
    else expect(new TextDecoder().decode(core.seen[0]?.rawBody as Uint8Array)).toBe('{"attributes":  []}');
  });

  it('stops reading at bodyLimit and tells the core handler the body was too large', async () => {
    const core = recordingHandler({ status: 413, headers: { 'content-type': JSON_TYPE }, body: '{"message":"Payload Too Large"}' });
    const { base } = await start([TriggerKitServerModule.forRoot({ handler: core.handler, bodyLimit: 10 })]);
    const response = await fetch(`${base}/users/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"attributes":[]}' });
    expect(response.status).toBe(413);
    expect(core.seen[0]).toMatchObject({ bodyTooLarge: true });
    expect(core.seen[0]?.rawBody).toBeUndefined();
  });

  it('lets unexpected errors reach the exception filters as they are', async () => {
    const failure = new Error('store is down');
    const caught: unknown[] = [];
    @Catch()
    class CatchAll implements ExceptionFilter {
      constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}
      catch(exception: unknown, host: ArgumentsHost) {
        caught.push(exception);
        this.adapterHost.httpAdapter.reply(host.switchToHttp().getResponse(), { message: 'boom' }, 500);
      }
    }
    const handler: HttpHandler = async () => {
      throw failure;
    };
    const { base } = await start([TriggerKitServerModule.forRoot({ handler })], [{ provide: APP_FILTER, useClass: CatchAll }]);
    expect((await fetch(`${base}/users/track`, { method: 'POST', body: '{}' })).status).toBe(500);
    expect(caught).toEqual([failure]);
  });

  it('forRootAsync creates the real core handler from injected options, and closes it on shutdown', async () => {
    @Module({ providers: [{ provide: 'WORKSPACE', useValue: 'acme' }], exports: ['WORKSPACE'] })
    class ConfigModule {}
    const { app, base } = await start([
      TriggerKitServerModule.forRootAsync({
        path: 'braze',
        imports: [ConfigModule],
        inject: ['WORKSPACE'],
        useFactory: (name: string) => ({ config: { workspaces: [{ name, api_keys: [{ key: 'k', permissions: ['users.track'] }] }] } }),
      }),
    ]);
    const response = await fetch(`${base}/braze/users/track`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ attributes: [{ external_id: 'u-1', first_name: 'Ann' }] }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ message: 'success', attributes_processed: 1 });
    const server = app.get<TriggerKitServer>(TRIGGERKIT_SERVER);
    let closed = false;
    const close = server.close.bind(server);
    server.close = async () => {
      closed = true;
      await close();
    };
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    expect(closed).toBe(true);
  });

  it('refuses to start with an invalid configuration, listing the problem by path', async () => {
    const failure = await start([TriggerKitServerModule.forRoot({ config: { workspaces: [{ name: '', api_keys: [] }] } })]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).errors).toContainEqual(expect.stringMatching(/^workspaces\[0\]\.name/));
  });
});
