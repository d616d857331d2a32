import { BlockList, isIP } from 'node:net';

/** 127.0.0.0/8 and ::1 (IPv4-mapped IPv6 addresses such as ::ffff:127.0.0.1 match the IPv4 range). */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * True for a name or address that can only mean this machine: `localhost`, 127.0.0.0/8, ::1.
 * Other names are not resolved: what a name resolves to can change after start-up.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  const family = isIP(bare);
  return family !== 0 && LOOPBACK.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** True when `url` is an http(s) URL on this machine (the URL parser normalises 127.1, 0x7f000001 and the like). */
export function isLoopbackHttpUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopbackHost(parsed.hostname);
}
