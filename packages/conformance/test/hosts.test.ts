import { describe, expect, it } from 'vitest';
import { HOSTS } from '../src/hosts';

const major = (version: string): number => Number(version.split('.')[0]);

describe('conformance hosts', () => {
  it('cover every adapter on every supported major, Nest on both platforms, and the fetch handler', () => {
    expect(HOSTS.map((host) => `${host.framework.name}@${host.major}`)).toEqual([
      'express@4',
      'express@5',
      '@nestjs/core@11',
      '@nestjs/core@12',
      'fastify@4',
      'fastify@5',
      '@nestjs/core@11',
      '@nestjs/core@12',
      'hono@4',
    ]);
  });

  describe.each(HOSTS)('$name', (host) => {
    it('runs the intended framework major', () => {
      expect(major(host.framework.version)).toBe(host.major);
    });

    it('gives the adapter that same major, resolved from the adapter itself', () => {
      expect(host.framework.versionSeenByAdapter).toBe(host.framework.version);
    });
  });

  it.each(HOSTS.filter((host) => host.framework.name === '@nestjs/core'))('$name: the adapter shares the host’s @nestjs/common', (host) => {
    expect(host.framework).toMatchObject({ sharesHttpException: true });
  });
});
