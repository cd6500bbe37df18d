import { isIP } from 'node:net';
import type { NodeListener } from './logger.ts';

/**
 * DNS rebinding defence: a web page on `evil.example` can make its own name resolve to 127.0.0.1
 * and then read this server as same-origin. Its requests still say `Host: evil.example`, so only
 * names that cannot be rebound are served: loopback names (`localhost`, `*.localhost`), IP
 * literals (a page cannot be served from an IP that is this machine), and the hosts the user
 * allowed (`--allowed-host`; a leading dot allows subdomains, `*` allows any).
 */
export function isAllowedHost(hostHeader: string | undefined, allowedHosts: readonly string[]): boolean {
  // HTTP/1.0 clients may send no Host; browsers always send one.
  if (hostHeader === undefined || hostHeader === '') return true;
  const name = hostNameOf(hostHeader);
  if (name === undefined) return false;
  if (name === 'localhost' || name.endsWith('.localhost') || isIP(name) !== 0) return true;
  return allowedHosts.some((allowed) => allowed === '*' || allowed === name || (allowed.startsWith('.') && (name.endsWith(allowed) || name === allowed.slice(1))));
}

/** `Host` without its port and trailing dot, lower-case; IPv6 without brackets. Undefined when malformed. */
export function hostNameOf(hostHeader: string): string | undefined {
  const value = hostHeader.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return bracketed[1];
  const plain = /^([a-z0-9_.-]+)(?::\d{1,5})?$/.exec(value);
  return plain?.[1]?.replace(/\.$/, '');
}

/** Normalises `--allowed-host` values the way `hostNameOf` normalises the header. */
export function normaliseAllowedHost(value: string): string {
  const trimmed = value.trim().toLowerCase();
  return trimmed === '*' || trimmed.startsWith('.') ? trimmed : (hostNameOf(trimmed) ?? trimmed);
}

/** Answers a request for a foreign `Host` with a JSON 403 before anything else sees it. */
export function withHostGuard(listener: NodeListener, allowedHosts: readonly string[]): NodeListener {
  return (req, res) => {
    const host = req.headers.host;
    if (isAllowedHost(host, allowedHosts)) return listener(req, res);
    const name = (host ?? '').slice(0, 255);
    const body = JSON.stringify({
      message: `Host not allowed: ${name}. Requests must name this server by a loopback name or an IP address; start it with --allowed-host ${hostNameOf(name) ?? name} to serve this name too`,
    });
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'x-content-type-options': 'nosniff' });
    res.end(body);
  };
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, `localhost`. */
export function isLoopbackBind(host: string): boolean {
  const name = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * Binding beyond loopback reaches other machines: say so, and never hand out the demo workspace's
 * printed, all-permission key that way by accident.
 */
export function networkExposure(host: string, options: { demoKeys: boolean; exposeDemoKey: boolean }): { refuse?: string; warning?: string } {
  if (isLoopbackBind(host)) return {};
  if (options.demoKeys && !options.exposeDemoKey) {
    return {
      refuse: `refusing to listen on ${host} with the demo workspace: its key is printed and has every permission, and other machines could use it. Pass --config with your own keys, or --expose-demo-key if that is really what you want.`,
    };
  }
  return { warning: `listening on ${host}: other machines that can reach this address can use this server; anyone with a valid key can read and change its data.` };
}
