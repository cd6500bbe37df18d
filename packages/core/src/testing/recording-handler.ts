import type { HttpHandler, HttpRequest, HttpResponse } from '../transport/http/http.types';

/**
 * A stand-in for the core handler in a host's or adapter's own tests: it answers `response` to
 * every request and records what it was handed, so a test can check the translation both ways.
 *
 * @example
 * const core = recordingHandler({ status: 201, headers: { 'content-type': 'application/json' }, body: '{}' });
 * app.use('/braze', triggerKitRouter({ handler: core.handler }));
 * // ... send a request, then: expect(core.seen[0]?.path).toBe('/users/track');
 */
export function recordingHandler(response: HttpResponse): { handler: HttpHandler; seen: HttpRequest[] } {
  const seen: HttpRequest[] = [];
  return {
    seen,
    handler: async (request) => {
      seen.push(request);
      return response;
    },
  };
}
