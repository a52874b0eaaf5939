import { BlockList, isIP } from 'node:net';
import type { Context } from 'koa';
import type { TrustProxy } from '../config/config.js';

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address.toLowerCase();
}

/** One X-Forwarded-For entry as an address, or undefined for anything else ("unknown", garbage). */
function forwardedAddress(entry: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  const withPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry);
  const address = bracketed?.[1] ?? withPort?.[1] ?? entry;
  return isIP(address) ? normalize(address) : undefined;
}

/**
 * Decides, for one request, how far to believe X-Forwarded-For: `trusts(address, hop)` says whether the
 * address that handed us the request (hop 0 is the socket's peer) is a proxy of ours.
 */
export function proxyTrust(trust: TrustProxy): (address: string, hop: number) => boolean {
  switch (trust.kind) {
    case 'off':
      return () => false;
    case 'hops':
      return (_address, hop) => hop < trust.hops;
    case 'addresses': {
      const proxies = new BlockList();
      for (const { address, prefix, family } of trust.addresses) proxies.addSubnet(address, prefix, family);
      return (address) => proxies.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
    }
  }
}

/**
 * The client's address: the socket's peer, then, while the address we are looking at is a trusted proxy,
 * the entry it added to X-Forwarded-For (read from the right). An entry that is not an address stops the
 * walk, so what is recorded is always an address some proxy of ours actually saw.
 */
export function resolveClientAddress(
  request: { socketAddress: string | undefined; forwardedFor: string | undefined },
  trusts: (address: string, hop: number) => boolean,
): string | null {
  if (!request.socketAddress) return null; // the connection is already gone
  let address = normalize(request.socketAddress);
  const chain = (request.forwardedFor ?? '').split(',').map((entry) => entry.trim());
  for (let hop = 0, index = chain.length - 1; index >= 0 && trusts(address, hop); hop++, index--) {
    const forwarded = forwardedAddress(chain[index]!);
    if (!forwarded) break;
    address = forwarded;
  }
  return address;
}

const CLIENT_ADDRESS = Symbol('clientAddress');

/**
 * Resolves the client's address once per request, under TRUST_PROXY. It also replaces Koa's `ctx.ip`,
 * so nothing can read the address another way (Koa's own proxy support stays off).
 */
export function clientAddressMiddleware(trust: TrustProxy) {
  const trusts = proxyTrust(trust);
  return async function resolveAddress(ctx: Context, next: () => Promise<void>): Promise<void> {
    const address = resolveClientAddress(
      { socketAddress: ctx.req.socket.remoteAddress, forwardedFor: ctx.get('x-forwarded-for') },
      trusts,
    );
    (ctx.state as Record<symbol, string | null>)[CLIENT_ADDRESS] = address;
    ctx.request.ip = address ?? '';
    await next();
  };
}

/**
 * The address of whoever sent this request, for audit entries, sessions and sign-in limits: the one way
 * to read it. Null when the connection is gone before we looked.
 */
export function clientAddress(ctx: Context): string | null {
  const state = ctx.state as Record<symbol, string | null | undefined>;
  if (state[CLIENT_ADDRESS] !== undefined) return state[CLIENT_ADDRESS];
  // Outside the app's middleware (a bare router in a test): never believe a header.
  return resolveClientAddress(
    { socketAddress: ctx.req.socket.remoteAddress, forwardedFor: undefined },
    () => false,
  );
}
