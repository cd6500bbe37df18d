import { describe, expect, it } from 'vitest';
import { parseQueryString, splitRequestTarget } from './query-string.http';

describe('parseQueryString', () => {
  it('groups repeated names and decodes values', () => {
    expect(parseQueryString('?a=1&a=2&b=x%20y&c')).toEqual({ a: ['1', '2'], b: 'x y', c: '' });
  });

  it('keeps __proto__ as an ordinary own key', () => {
    const query = parseQueryString('__proto__=x');
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    expect(Object.hasOwn(query, '__proto__')).toBe(true);
  });
});

describe('splitRequestTarget', () => {
  it('splits at the first question mark', () => {
    expect(splitRequestTarget('/_mock/messages?x=1?2')).toEqual({ path: '/_mock/messages', search: 'x=1?2' });
    expect(splitRequestTarget('/users/track')).toEqual({ path: '/users/track', search: '' });
  });
});
