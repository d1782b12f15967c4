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
    '[::1]',
    '::1',
    '[fc00::1]',
    '[fd12:3456:789a::1]',
    '[fe80::1]',
    '[::ffff:127.0.0.1]',
    '[::ffff:10.1.2.3]',
  ])('%s is local or private', (host) => {
    expect(isLocalOrPrivateHost(host)).toBe(true);
  });

  it.each([
    'us.api.concursolutions.com',
    'www.concursolutions.com',
    'localhost.example.com',
    '8.8.8.8',
    '172.15.0.1',
    '172.32.0.1',
    '192.169.0.1',
    '11.0.0.1',
    '[2001:db8::1]',
    '[fbff::1]',
    '[::ffff:8.8.8.8]',
    '',
  ])('%s is not', (host) => {
    expect(isLocalOrPrivateHost(host)).toBe(false);
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
