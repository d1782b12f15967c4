import { describe, expect, it } from 'vitest';
import { abortError, apiErrorFromResponse, CONCUR_SUPPORT_EMAIL, networkError, proxyError, responseError, timeoutError, type FailureContext } from '../../src/errors/factory.js';

// The message a user reads for each failure: what happened, to which request, and what to do
// next; and the closing sentence, which differs between "gave up after retries" and "not retried".

const FIRST: FailureContext = { method: 'GET', path: '/api/x', attempts: 1, exhausted: false, secrets: [] };
const GAVE_UP: FailureContext = { ...FIRST, attempts: 4, exhausted: true };
const SUPPORT = `Gave up after 4 attempts; if this continues, contact Concur support at ${CONCUR_SUPPORT_EMAIL}.`;
const NOT_REPEATED = 'It was not retried: it may have reached Concur and must not run twice, so check in Concur before sending it again.';

const failed = (status: number, context: FailureContext = FIRST, message?: string, headers: Record<string, string> = {}) =>
  apiErrorFromResponse({ status, headers, bodyText: message === undefined ? undefined : `<Error><Message>${message}</Message></Error>` }, context).message;

describe('the advice for each HTTP status', () => {
  it.each([
    [400, 'Check the request: the URI, the body format, required fields, and batch sizes (1 to 1000 items).'],
    [401, 'The request carried no usable Authorization header; check the accessToken option.'],
    [403, 'Concur refused the token: it may have expired or been revoked, or the app may lack access to this product or company.'],
    [404, 'Something named in the path does not exist; check the id.'],
    [409, 'The request conflicts with work in progress (for Extract: a job for this definition is already queued or running); wait for it to finish.'],
    [429, 'Concur is throttling this client; send fewer requests.'],
    [500, 'Concur could not complete the request (for example an exchange rate it cannot compute, or a payment batch it cannot close); retrying will not help, check the data.'],
    [502, 'A gateway in front of Concur failed; try again later.'],
    [503, 'Concur is down for maintenance.'],
    [504, 'A gateway in front of Concur timed out; try again later.'],
    [418, 'Concur refused the request.'],
    [499, 'Concur refused the request.'],
    [501, 'Concur failed to handle the request.'],
    [599, 'Concur failed to handle the request.'],
  ])('HTTP %i: %s', (status, advice) => {
    expect(failed(status)).toBe(`GET /api/x failed with HTTP ${status}. ${advice}`);
  });

  it.each([
    ['Transaction was deadlocked on lock resources', 'Concur hit a database deadlock; the request can be sent again shortly.'],
    ['Request limit exceeded', 'Concur refused the request because the request limit was exceeded; send fewer requests.'],
  ])('a 400 saying %j: %s', (message, advice) => {
    expect(failed(400, FIRST, message)).toBe(`GET /api/x failed with HTTP 400: "${message}". ${advice}`);
  });

  it("quotes Concur's message and the reason phrase, each cut to a bounded length", () => {
    const message = apiErrorFromResponse({ status: 404, statusText: 'R'.repeat(130), headers: {}, bodyText: `<Error><Message>${'m'.repeat(350)}</Message></Error>` }, FIRST).message;
    expect(message).toBe(`GET /api/x failed with HTTP 404 ${'R'.repeat(100)}… [30 more characters]: "${'m'.repeat(300)}… [50 more characters]". Something named in the path does not exist; check the id.`);
  });
});

describe('the closing sentence', () => {
  it.each([
    [429, 'Concur is throttling this client; send fewer requests.'],
    [502, 'A gateway in front of Concur failed; try again later.'],
    [503, 'Concur is down for maintenance.'],
    [504, 'A gateway in front of Concur timed out; try again later.'],
  ])('HTTP %i, transient, after the last retry: gave up, contact Concur support', (status, advice) => {
    expect(failed(status, GAVE_UP)).toBe(`GET /api/x failed with HTTP ${status}. ${advice} ${SUPPORT}`);
  });

  it("names one attempt in the singular, Concur's support address, and the correlation id to quote", () => {
    expect(failed(503, { ...FIRST, exhausted: true }, undefined, { 'concur-correlationid': 'cid-9' })).toBe(
      'GET /api/x failed with HTTP 503. Concur is down for maintenance. Gave up after 1 attempt; if this continues, contact Concur support at concurconnecttech@concur.com and quote correlation id cid-9.',
    );
  });

  it.each([400, 401, 403, 404, 409, 500, 418])('HTTP %i, final, never says it gave up nor sends the user to Concur support', (status) => {
    const message = failed(status, GAVE_UP);
    expect(message).not.toContain('Gave up');
    expect(message).not.toContain(CONCUR_SUPPORT_EMAIL);
    expect(message.endsWith(' (4 attempts made.)')).toBe(true);
  });

  it('a final 404 on the first attempt with retry off ends with its advice and the correlation id', () => {
    expect(failed(404, { ...FIRST, exhausted: true }, undefined, { 'concur-correlationid': 'cid-404' })).toBe(
      'GET /api/x failed with HTTP 404. Something named in the path does not exist; check the id. Correlation id: cid-404.',
    );
  });

  it('a transient failure with retries left says neither "gave up" nor how many attempts', () => {
    expect(failed(503, FIRST)).toBe('GET /api/x failed with HTTP 503. Concur is down for maintenance.');
    expect(failed(503, { ...FIRST, attempts: 2 })).toBe('GET /api/x failed with HTTP 503. Concur is down for maintenance. (2 attempts made.)');
  });

  it.each([502, 504])('HTTP %i of a request that must not run twice says it was not retried and to check in Concur', (status) => {
    expect(failed(status, { ...FIRST, exhausted: true, idempotent: false })).toContain(`try again later. ${NOT_REPEATED} Gave up after 1 attempt`);
    expect(failed(status, { ...FIRST, exhausted: true })).not.toContain('It was not retried');
  });

  it.each([503, 429, 404])('HTTP %i of a request that must not run twice was never processed, so says nothing of it', (status) => {
    expect(failed(status, { ...FIRST, exhausted: true, idempotent: false })).not.toContain('It was not retried');
  });
});

describe('a time-out', () => {
  it("with retries left, quotes Concur's guidance to wait 5 minutes", () => {
    expect(timeoutError(60_000, FIRST).message).toBe("GET /api/x got no complete response within 60000 ms. Concur's guidance is to wait 5 minutes before sending it again.");
  });

  it('after the last retry, gives up and names Concur support', () => {
    expect(timeoutError(60_000, GAVE_UP).message).toBe(`GET /api/x got no complete response within 60000 ms. ${SUPPORT}`);
  });

  it('of a download that went silent, of a request that must not run twice', () => {
    expect(timeoutError(500, { ...FIRST, idempotent: false }, true).message).toBe(`GET /api/x received no data for 500 ms. ${NOT_REPEATED}`);
  });

  it('carries the limit and the request', () => {
    expect(timeoutError(500, GAVE_UP)).toMatchObject({ name: 'ConcurTimeoutError', timeoutMs: 500, method: 'GET', path: '/api/x', attempts: 4, retryable: true });
  });
});

describe('a connection failure', () => {
  it('a transient one is retried like a time-out; the detail is redacted and bounded', () => {
    const error = networkError('ECONNRESET', `socket hang up secret-token-123 ${'d'.repeat(400)}`, { ...FIRST, secrets: ['secret-token-123'] });
    expect(error.message).toBe(`GET /api/x could not reach Concur: socket hang up [REDACTED] ${'d'.repeat(274)}… [126 more characters]. The connection failed; it is retried like a time-out.`);
    expect(error).toMatchObject({ name: 'ConcurNetworkError', code: 'ECONNRESET', retryable: true, attempts: 1 });
  });

  it('a reset of a request that must not run twice says it was not retried', () => {
    expect(networkError('ECONNRESET', 'reset', { ...FIRST, exhausted: true, idempotent: false }).message).toBe(
      `GET /api/x could not reach Concur: reset. The connection failed. ${NOT_REPEATED} Gave up after 1 attempt; if this continues, contact Concur support at ${CONCUR_SUPPORT_EMAIL}.`,
    );
  });

  it('a refused connection of such a request sent nothing, so it is retried as usual', () => {
    expect(networkError('ECONNREFUSED', 'refused', { ...FIRST, idempotent: false }).message).toBe(
      'GET /api/x could not reach Concur: refused. The connection failed; it is retried like a time-out.',
    );
  });

  it.each(['CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID', 'SELF_SIGNED_CERT_IN_CHAIN'])(
    '%s: tells how to give Node the CA certificate',
    (code) => {
      expect(networkError(code, 'tls', GAVE_UP).message).toBe(
        "GET /api/x could not reach Concur: tls. The server's TLS certificate could not be verified. Behind a TLS-inspecting proxy or with a private CA, give Node the CA certificate with NODE_EXTRA_CA_CERTS=/path/to/ca.pem. (4 attempts made.)",
      );
    },
  );

  it.each(['ENOTFOUND', 'EACCES', undefined])('%s: check the baseUrl and the network, and no Concur support', (code) => {
    expect(networkError(code, 'failed', { ...GAVE_UP, idempotent: false }).message).toBe(
      'GET /api/x could not reach Concur: failed. Check the baseUrl option and the network. (4 attempts made.)',
    );
  });

  it.each(['EHOSTDOWN', 'ENETDOWN'])('%s on a local host names the host, redacted and bounded, instead of Concur support', (code) => {
    const host = `secret-token-123.${'h'.repeat(300)}.localhost`;
    const message = networkError(code, 'down', { ...GAVE_UP, host, secrets: ['secret-token-123'] }).message;
    expect(message).toBe(
      `GET /api/x could not reach Concur: down. The connection failed; it is retried like a time-out. Gave up after 4 attempts. [REDACTED].${'h'.repeat(245)}… [65 more characters] is a loopback or private address, not Concur: check that the server there is running and that baseUrl names its port.`,
    );
  });
});

describe('a proxy that refused the tunnel', () => {
  it('407: check the proxy credentials', () => {
    expect(proxyError(407, 'Proxy Authentication Required', FIRST).message).toBe(
      'GET /api/x could not reach Concur: the proxy answered HTTP 407 Proxy Authentication Required to the tunnel request. The proxy wants credentials, or refused the ones given: check the user and password in the proxy option (or HTTPS_PROXY).',
    );
  });

  it('502 without a reason phrase, after the last retry: retried like a refused connection, then gave up', () => {
    expect(proxyError(502, '', { ...FIRST, attempts: 2, exhausted: true }).message).toBe(
      `GET /api/x could not reach Concur: the proxy answered HTTP 502 to the tunnel request. The proxy could not reach Concur; it is retried like a refused connection. If it persists, check that the proxy allows CONNECT to the Concur host. Gave up after 2 attempts; if this continues, contact Concur support at ${CONCUR_SUPPORT_EMAIL}.`,
    );
  });

  it('403: ask the administrators to allow CONNECT; the reason phrase is redacted and bounded', () => {
    const error = proxyError(403, `Denied secret-token-123 ${'r'.repeat(120)}`, { ...FIRST, secrets: ['secret-token-123'] });
    expect(error.message).toBe(
      `GET /api/x could not reach Concur: the proxy answered HTTP 403 Denied [REDACTED] ${'r'.repeat(82)}… [38 more characters] to the tunnel request. The proxy does not allow a tunnel to the Concur host: ask its administrators to allow CONNECT to it on port 443.`,
    );
    expect(error).toMatchObject({ name: 'ConcurProxyError', proxyStatus: 403, code: 'ERR_PROXY_REFUSED', retryable: false });
  });
});

describe('an abort and an unusable answer', () => {
  it('an abort names the request and keeps the caller’s reason as its cause', () => {
    const reason = new Error('user left');
    const error = abortError({ method: 'DELETE', path: '/api/y', attempts: 2 }, reason);
    expect(error.message).toBe("DELETE /api/y was aborted by the caller's signal.");
    expect(error).toMatchObject({ name: 'ConcurAbortError', method: 'DELETE', path: '/api/y', attempts: 2, retryable: false });
    expect(error.cause).toBe(reason);
  });

  it('an unusable answer names its status (or none) and keeps a redacted, bounded body, never a binary one', () => {
    const context = { ...FIRST, secrets: ['secret-token-123'] };
    const error = responseError('it is not XML', { status: 200, bodyText: `echo secret-token-123 ${'b'.repeat(5000)}` }, context);
    expect(error.message).toBe('GET /api/x returned HTTP 200 that cannot be used: it is not XML.');
    expect(error.body).toBe(`echo [REDACTED] ${'b'.repeat(4080)}… [920 more characters]`);
    expect(error).toMatchObject({ name: 'ConcurResponseError', status: 200, attempts: 1, retryable: false });
    expect(responseError('it broke off', {}, context).message).toBe('GET /api/x returned a response that cannot be used: it broke off.');
    expect(responseError('binary', { status: 200, bodyText: 'PNG\u0000\u0001' }, context).body).toBeUndefined();
  });
});
