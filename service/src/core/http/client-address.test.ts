import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/config.js';
import { proxyTrust, resolveClientAddress } from './client-address.js';

const addressUnder = (trustProxy: string | undefined, socketAddress: string, forwardedFor?: string) =>
  resolveClientAddress(
    { socketAddress, forwardedFor },
    proxyTrust(loadConfig(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }).trustProxy),
  );

describe('the client address under TRUST_PROXY', () => {
  it('is the socket address when TRUST_PROXY is unset, whatever X-Forwarded-For claims', () => {
    expect(addressUnder(undefined, '198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
    expect(addressUnder('off', '198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
    expect(addressUnder('0', '::ffff:198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
  });

  it('takes as many entries from the right as there are proxies, never the client-written left ones', () => {
    expect(addressUnder('1', '10.0.0.2', '6.6.6.6, 203.0.113.9')).toBe('203.0.113.9');
    expect(addressUnder('2', '10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.1')).toBe('203.0.113.9');
    expect(addressUnder('1', '10.0.0.2', undefined)).toBe('10.0.0.2');
    expect(addressUnder('2', '10.0.0.2', '203.0.113.9')).toBe('203.0.113.9');
  });

  it('walks past trusted proxy addresses and CIDR ranges to the first address that is not one', () => {
    const trust = '10.0.0.0/8, 127.0.0.1, 2001:db8::/32';
    expect(addressUnder(trust, '127.0.0.1', '6.6.6.6, 203.0.113.9, 10.1.2.3')).toBe('203.0.113.9');
    expect(addressUnder(trust, '::ffff:127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
    expect(addressUnder(trust, '2001:db8::5', '2001:db9::1')).toBe('2001:db9::1');
    // Not from a proxy of ours: the header is the client's own claim.
    expect(addressUnder(trust, '198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
    // Every hop is a proxy: the furthest one is as close to the client as we can tell.
    expect(addressUnder(trust, '127.0.0.1', '10.0.0.5')).toBe('10.0.0.5');
  });

  it('stops at an entry that is not an address, keeping the last address a proxy of ours saw', () => {
    expect(addressUnder('2', '10.0.0.2', "x'); drop table users; --, 10.0.0.1")).toBe('10.0.0.1');
    expect(addressUnder('1', '10.0.0.2', 'unknown')).toBe('10.0.0.2');
    expect(addressUnder('1', '10.0.0.2', '203.0.113.9:4711')).toBe('203.0.113.9');
    expect(addressUnder('1', '10.0.0.2', '[2001:db8::1]:4711')).toBe('2001:db8::1');
  });

  it('refuses a setting that is neither a hop count nor a list of addresses, naming the bad entry', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY .*"true" is not one/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/"10.0.0.0\/33"/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.1,proxy.local' })).toThrow(/"proxy.local"/);
  });
});
