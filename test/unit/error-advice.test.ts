import { describe, expect, it } from 'vitest';
import { apiErrorFromResponse, CONCUR_SUPPORT_EMAIL, networkError, type FailureContext } from '../../src/errors/factory.js';
import { isLocalOrPrivateHost } from '../../src/errors/private-host.js';

const EXHAUSTED: FailureContext = { method: 'GET', path: '/api/expense/list/v1.0/', attempts: 4, exhausted: true, secrets: [] };

describe('isLocalOrPrivateHost', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'localhost.',
    'sim.localhost',
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.5',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.10',
    '169.254.0.1',
    '0.0.0.0',
    '10.0.0.1.',
    '[::1]',
    '::1',
    '[::]',
    '[fc00::1]',
    '[fd12:3456:789a::1]',
    '[FD00::1]',
    '[fe80::1]',
    '[febf::1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:10.1.2.3]',
    '[::ffff:192.168.10.20]',
  ])('%s is local or private', (host) => {
    expect(isLocalOrPrivateHost(host)).toBe(true);
  });

  it.each([
    'us.api.concursolutions.com',
    'www.concursolutions.com',
    'localhost.example.com',
    '8.8.8.8',
    // The public addresses next to each range, and outside it in the other octet.
    '126.255.255.255',
    '128.0.0.1',
    '9.255.255.255',
    '11.0.0.1',
    '1.0.0.1',
    '172.15.255.255',
    '172.32.0.1',
    '171.16.0.1',
    '173.31.0.1',
    '192.167.255.255',
    '192.169.0.1',
    '193.168.0.1',
    '169.253.255.255',
    '169.255.0.1',
    '168.254.0.1',
    '[2001:db8::1]',
    '[fbff::1]',
    '[fec0::1]',
    '[::2]',
    '[::ffff:8.8.8.8]',
    '[::ffff:172.32.10.20]',
    // IPv4-mapped only as ::ffff: and the last 32 bits: these are other IPv6 addresses.
    '[1::ffff:10.1.2.3]',
    '[::ffff:7f00:1:2]',
    // A DNS name that merely starts with hex digits is no address.
    'fd00.example.com',
    'fe80.example.com',
    // Only a host bracketed whole is an IPv6 address.
    'fc[00::1]',
    '[fc00::1].',
    '',
  ])('%s is not', (host) => {
    expect(isLocalOrPrivateHost(host)).toBe(false);
  });
});

describe('isLocalOrPrivateHost on the hostname of a baseUrl, which a URL writes in its own way', () => {
  it.each([
    ['http://[::ffff:127.0.0.1]:4010', '[::ffff:7f00:1]', true],
    ['http://[::ffff:10.1.2.3]:4010', '[::ffff:a01:203]', true],
    ['http://[::ffff:192.168.0.1]:4010', '[::ffff:c0a8:1]', true],
    ['http://[::ffff:172.16.0.1]:4010', '[::ffff:ac10:1]', true],
    ['http://[::ffff:169.254.1.1]:4010', '[::ffff:a9fe:101]', true],
    ['http://[::ffff:0.0.0.0]:4010', '[::ffff:0:0]', true],
    ['http://[::ffff:172.32.0.1]:4010', '[::ffff:ac20:1]', false],
    ['http://[::ffff:8.8.8.8]:4010', '[::ffff:808:808]', false],
    ['http://[1::ffff:7f00:1]:4010', '[1::ffff:7f00:1]', false],
    ['http://[0:0:0:0:0:0:0:1]:4010', '[::1]', true],
    ['http://LOCALHOST.:4010', 'localhost.', true],
    ['http://127.0.0.1.:4010', '127.0.0.1', true],
  ] as const)('%s (hostname %s) is local or private: %s', (baseUrl, hostname, local) => {
    expect(new URL(baseUrl).hostname).toBe(hostname);
    expect(isLocalOrPrivateHost(hostname)).toBe(local);
  });
});

describe('a connection that was never made', () => {
  it.each(['127.0.0.1', 'localhost', '[::1]', '10.0.0.5', '172.20.1.1', '192.168.0.2', '[fd00::2]'])(
    'to %s does not send the caller to Concur support, and names the host',
    (host) => {
      const error = networkError('ECONNREFUSED', 'connect ECONNREFUSED', { ...EXHAUSTED, host });
      expect(error.message).not.toContain(CONCUR_SUPPORT_EMAIL);
      expect(error.message).not.toMatch(/Concur support/);
      expect(error.message).toBe(
        `GET /api/expense/list/v1.0/ could not reach Concur: connect ECONNREFUSED. The connection failed; it is retried like a time-out. Gave up after 4 attempts. ${host} is a loopback or private address, not Concur: check that the server there is running and that baseUrl names its port.`,
      );
    },
  );

  it('to an IPv4-mapped loopback baseUrl names the host as the client gives it', () => {
    const host = new URL('http://[::ffff:127.0.0.1]:4010').hostname;
    const error = networkError('ECONNREFUSED', 'connect ECONNREFUSED', { ...EXHAUSTED, host });
    expect(error.message).not.toContain(CONCUR_SUPPORT_EMAIL);
    expect(error.message).toContain('[::ffff:7f00:1] is a loopback or private address, not Concur');
  });

  it.each(['EHOSTUNREACH', 'ENETUNREACH'])('%s on a private host gets the same advice', (code) => {
    expect(networkError(code, 'unreachable', { ...EXHAUSTED, host: '10.1.1.1' }).message).toContain('10.1.1.1 is a loopback or private address, not Concur');
  });

  it("on Concur's host, or with no host given, still advises Concur support", () => {
    for (const context of [{ ...EXHAUSTED, host: 'us.api.concursolutions.com' }, EXHAUSTED]) {
      const error = networkError('ECONNREFUSED', 'connect ECONNREFUSED', context);
      expect(error.message).toContain(`Gave up after 4 attempts; if this continues, contact Concur support at ${CONCUR_SUPPORT_EMAIL}.`);
    }
  });

  it('a reset on a private host (the connection was made) keeps the usual advice', () => {
    const error = networkError('ECONNRESET', 'socket hang up', { ...EXHAUSTED, host: '127.0.0.1' });
    expect(error.message).toContain(CONCUR_SUPPORT_EMAIL);
  });
});

describe('the 503 message', () => {
  it('says Concur is down for maintenance once, then what the client did, without repeating "try again"', () => {
    const error = apiErrorFromResponse(
      { status: 503, statusText: 'Service Unavailable', headers: { 'concur-correlationid': 'cid-1' }, bodyText: '' },
      EXHAUSTED,
    );
    expect(error.message).toBe(
      `GET /api/expense/list/v1.0/ failed with HTTP 503 Service Unavailable. Concur is down for maintenance. Gave up after 4 attempts; if this continues, contact Concur support at ${CONCUR_SUPPORT_EMAIL} and quote correlation id cid-1.`,
    );
    expect(error.message).not.toMatch(/try again/i);
  });
});
