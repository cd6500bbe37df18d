import { describe, expect, it } from 'vitest';
import { matchRoute } from './routes.http';

describe('matchRoute', () => {
  it.each([
    ['/campaigns/trigger/send', 'campaigns.trigger.send'],
    ['/canvas/trigger/send', 'canvas.trigger.send'],
    ['/users/track', 'users.track'],
    ['/sends/id/create', 'sends.id.create'],
  ])('serves POST %s with the %s permission', (path, permission) => {
    expect(matchRoute('post', path)).toMatchObject({ kind: 'braze', path, endpoint: { permission } });
  });

  it('answers another method on a Braze endpoint with 405 allowing POST', () => {
    expect(matchRoute('GET', '/users/track')).toEqual({ kind: 'method_not_allowed', allow: ['POST'] });
  });

  it('extracts and decodes the path parameter of inspection routes', () => {
    expect(matchRoute('GET', '/_mock/users/a%2Fb%20c')).toEqual({ kind: 'inspect', action: 'getUser', param: 'a/b c' });
    expect(matchRoute('PUT', '/_mock/campaigns/welcome')).toEqual({ kind: 'inspect', action: 'putCampaign', param: 'welcome' });
    expect(matchRoute('DELETE', '/_mock/faults')).toEqual({ kind: 'inspect', action: 'deleteFaults', param: '' });
  });

  it('lists every allowed method for a known inspection path', () => {
    expect(matchRoute('POST', '/_mock/faults')).toEqual({ kind: 'method_not_allowed', allow: ['PUT', 'DELETE'] });
  });

  it.each(['/', '', '/campaigns/trigger/send/', '/users/track/x', '/_mock', '/_mock/', '/_mock/users/', '/_mock/users/%E0%A4%A', '/__proto__', '/_mock/constructor'])(
    'does not find %j',
    (path) => {
      expect(matchRoute('GET', path)).toEqual({ kind: 'not_found' });
    },
  );

  it('serves health on GET', () => {
    expect(matchRoute('GET', '/_mock/health')).toEqual({ kind: 'health' });
  });
});
