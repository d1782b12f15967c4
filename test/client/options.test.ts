import { describe, expect, it } from 'vitest';
import { ConcurClient, ConcurResponseError, ConcurValidationError, type ClientOptions } from '../../src/index.js';
import { SDK_VERSION } from '../../src/version.js';
import { BASE_URL, caught, concur, TOKEN } from '../support/helpers.js';

// Every option of ConcurClient is checked once, when the client is built: a careless value is
// refused by name, with what was given, before any request.

function refusal(options: unknown): ConcurValidationError {
  try {
    new ConcurClient(options as ClientOptions);
  } catch (error) {
    if (error instanceof ConcurValidationError) return error;
    throw error;
  }
  throw new Error('expected new ConcurClient to throw a ConcurValidationError');
}

const valid = { baseUrl: BASE_URL, accessToken: TOKEN };

describe('new ConcurClient(options) refuses', () => {
  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    ['https://us.api.concursolutions.com', 'string'],
    [5, 'number'],
  ])('options = %j', (options, got) => {
    const error = refusal(options);
    expect(error.message).toBe(`ConcurClient needs an options object with at least baseUrl and accessToken (got ${got}).`);
    expect(error.field).toBe('options');
  });

  it('an unknown option, by name, listing the known ones', () => {
    const error = refusal({ ...valid, timeout: 1000 });
    expect(error.field).toBe('timeout');
    expect(error.message).toBe(
      'Unknown ConcurClient option "timeout"; the options are baseUrl, accessToken, authScheme, timeoutMs, retry, sleep, onRetry, onRequest, onResponse, maxResponseBytes, maxSockets, proxy, allowInsecureHttp, appInfo, coordination, rateLimit.',
    );
  });

  it.each([
    ['', 'an empty string'],
    ['  \n', 'an empty string'],
    // A scheme with an empty token after it (a template whose variable was empty) is not sent as
    // the token "Bearer".
    ['Bearer ', 'only the scheme "Bearer" with no token after it'],
    [' oauth', 'only the scheme "oauth" with no token after it'],
    [undefined, 'undefined'],
    [42, 'number'],
    [null, 'null'],
  ])('accessToken = %j', (accessToken, got) => {
    const error = refusal({ ...valid, accessToken });
    expect(error.message).toBe(`accessToken is required: a token string, or a function that returns one (got ${got}).`);
    expect(error.field).toBe('accessToken');
  });

  it.each([
    ['bearer', 'string "bearer"'],
    ['Basic', 'string "Basic"'],
    [null, 'null'],
  ])('authScheme = %j', (authScheme, got) => {
    const error = refusal({ ...valid, authScheme });
    expect(error.message).toBe(`authScheme must be 'Bearer' or 'OAuth' (got ${got}).`);
    expect(error.field).toBe('authScheme');
  });

  it.each([
    ['yes', 'string "yes"'],
    [1, 'number 1'],
  ])('allowInsecureHttp = %j', (allowInsecureHttp, got) => {
    const error = refusal({ ...valid, allowInsecureHttp });
    expect(error.message).toBe(`allowInsecureHttp must be true or false (got ${got}).`);
    expect(error.field).toBe('allowInsecureHttp');
  });

  it.each([
    ['sleep', '(ms, signal) => Promise<void>'],
    ['onRetry', '(event) => void'],
    ['onRequest', '(event) => void'],
    ['onResponse', '(event) => void'],
  ])('%s that is not a function', (name, shape) => {
    for (const [value, got] of [
      [1000, 'number'],
      ['log', 'string'],
      [null, 'null'],
      [{}, 'object'],
    ] as const) {
      const error = refusal({ ...valid, [name]: value });
      expect(error.message).toBe(`${name} must be a function ${shape} (got ${got}).`);
      expect(error.field).toBe(name);
    }
  });

  it.each([
    ['timeoutMs', 0, 'number 0', 2_147_483_647],
    ['timeoutMs', -5, 'number -5', 2_147_483_647],
    ['timeoutMs', Number.NaN, 'number NaN', 2_147_483_647],
    ['timeoutMs', 2 ** 31, 'number 2147483648', 2_147_483_647],
    ['maxResponseBytes', 0, 'number 0', undefined],
    ['maxResponseBytes', -1, 'number -1', undefined],
    ['maxResponseBytes', Number.NaN, 'number NaN', undefined],
    ['maxResponseBytes', 1.5, 'number 1.5', undefined],
    ['maxResponseBytes', '1000', 'string "1000"', undefined],
    ['maxSockets', 0, 'number 0', 1024],
    ['maxSockets', 1025, 'number 1025', 1024],
    ['maxSockets', 2.5, 'number 2.5', 1024],
  ])('%s = %s', (name, value, got, max) => {
    const error = refusal({ ...valid, [name]: value });
    expect(error.field).toBe(name);
    if (max === undefined) expect(error.message).toMatch(new RegExp(`^${name} must be a whole number from 1 to \\d+ \\(got ${got.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)\\.$`));
    else expect(error.message).toBe(`${name} must be a whole number from 1 to ${max} (got ${got}).`);
  });

  it.each([
    ['http://concur.example.com', 'baseUrl must use https (http is accepted only for 127.0.0.1, localhost and [::1], or any host with allowInsecureHttp: true); got http://concur.example.com.'],
    ['ftp://127.0.0.1', 'baseUrl must use https (http is accepted only for 127.0.0.1, localhost and [::1], or any host with allowInsecureHttp: true); got ftp://127.0.0.1.'],
    ['https://user:pass@concur.example.com', 'baseUrl must be a bare origin such as https://us2.api.concursolutions.com, with no path, query or credentials.'],
    ['https://user@concur.example.com', 'baseUrl must be a bare origin such as https://us2.api.concursolutions.com, with no path, query or credentials.'],
    ['https://:pass@concur.example.com', 'baseUrl must be a bare origin such as https://us2.api.concursolutions.com, with no path, query or credentials.'],
    ['https://concur.example.com/api', 'baseUrl must be a bare origin such as https://us2.api.concursolutions.com, with no path, query or credentials.'],
    ['https://concur.example.com?x=1', 'baseUrl must be a bare origin such as https://us2.api.concursolutions.com, with no path, query or credentials.'],
    ['https://concur.example.com#top', 'baseUrl must be a bare origin such as https://us2.api.concursolutions.com, with no path, query or credentials.'],
    ['not a url', 'baseUrl is not a valid URL: "not a url".'],
    ['', 'baseUrl is required: the Concur host to call, e.g. ConcurRegions.US2 (got an empty string).'],
    ['   ', 'baseUrl is required: the Concur host to call, e.g. ConcurRegions.US2 (got an empty string).'],
    [undefined, 'baseUrl is required: the Concur host to call, e.g. ConcurRegions.US2 (got undefined).'],
  ])('baseUrl = %j', (baseUrl, message) => {
    const error = refusal({ ...valid, baseUrl });
    expect(error.message).toBe(message);
    expect(error.field).toBe('baseUrl');
  });
});

describe('new ConcurClient(options) accepts', () => {
  it.each(['https://concur.example.com', 'https://concur.example.com/', '  https://concur.example.com  ', 'http://127.0.0.1:4010', 'http://localhost', 'http://[::1]:8080'])(
    'baseUrl = %j',
    (baseUrl) => {
      expect(new ConcurClient({ ...valid, baseUrl }).baseUrl).toBe(new URL(baseUrl.trim()).origin);
    },
  );

  it('a baseUrl pasted with a byte-order mark or a non-breaking space around it', () => {
    expect(new ConcurClient({ ...valid, baseUrl: '\ufeffhttps://concur.example.com\u00a0' }).baseUrl).toBe('https://concur.example.com');
  });

  it('quotes at most 200 characters of a baseUrl that is not a URL', () => {
    const baseUrl = `not a url ${'x'.repeat(300)}`;
    expect(refusal({ ...valid, baseUrl }).message).toBe(`baseUrl is not a valid URL: "${baseUrl.slice(0, 200)}".`);
  });

  it('http on any host only with allowInsecureHttp: true', () => {
    expect(new ConcurClient({ ...valid, baseUrl: 'http://concur-sim:4010', allowInsecureHttp: true }).baseUrl).toBe('http://concur-sim:4010');
    expect(refusal({ ...valid, baseUrl: 'http://concur-sim:4010', allowInsecureHttp: false }).field).toBe('baseUrl');
  });

  it.each([
    ['timeoutMs', 1],
    ['timeoutMs', 2_147_483_647],
    ['maxResponseBytes', 1],
    ['maxSockets', 1],
    ['maxSockets', 1024],
  ])('%s = %i, the edge of its range', (name, value) => {
    expect(() => new ConcurClient({ ...valid, [name]: value })).not.toThrow();
  });
});

describe('what the options change on the wire', () => {
  it("sends the token with authScheme 'OAuth', and a token pasted with its scheme only once", async () => {
    const seen: unknown[] = [];
    concur()
      .get('/x')
      .times(3)
      .reply(function reply() {
        seen.push(this.req.headers.authorization);
        return [200, '<a/>', { 'Content-Type': 'application/xml' }];
      });
    await new ConcurClient({ ...valid, authScheme: 'OAuth' }).request({ method: 'GET', path: '/x' });
    await new ConcurClient({ ...valid, accessToken: `  bearer ${TOKEN}\n` }).request({ method: 'GET', path: '/x' });
    await new ConcurClient({ ...valid, accessToken: `OAuth   ${TOKEN}` }).request({ method: 'GET', path: '/x' });
    expect(seen).toEqual([`OAuth ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it('maxResponseBytes defaults to 100 MB: a larger declared body is refused before it is read', async () => {
    concur()
      .get('/big')
      .reply(200, '<a/>', { 'Content-Type': 'application/xml', 'Content-Length': String(100 * 1024 * 1024 + 1) });
    const error = await caught(() => new ConcurClient({ ...valid, retry: false }).request({ method: 'GET', path: '/big' }));
    expect(error).toBeInstanceOf(ConcurResponseError);
    expect((error as Error).message).toBe('GET /big returned a response that cannot be used: its body exceeds maxResponseBytes (104857600 bytes).');
  });

  it('the User-Agent names the SDK, Node and the integration of appInfo', async () => {
    const seen: unknown[] = [];
    concur()
      .get('/x')
      .times(3)
      .reply(function reply() {
        seen.push(this.req.headers['user-agent']);
        return [200, '<a/>', { 'Content-Type': 'application/xml' }];
      });
    const base = `concur-sdk/${SDK_VERSION} node/${process.versions.node}`;
    await new ConcurClient(valid).request({ method: 'GET', path: '/x' });
    await new ConcurClient({ ...valid, appInfo: { name: 'AcmeSync' } }).request({ method: 'GET', path: '/x' });
    await new ConcurClient({ ...valid, appInfo: { name: 'AcmeSync', version: '2.4.0', url: 'https://acme.example/sync' } }).request({ method: 'GET', path: '/x' });
    expect(seen).toEqual([base, `${base} AcmeSync`, `${base} AcmeSync/2.4.0 (+https://acme.example/sync)`]);
  });

  it.each([
    [{ name: 'Acme Sync' }, 'appInfo.name', `appInfo.name must be 1 to 100 characters of letters, digits and !#$%&'*+-.^_\`|~, no spaces (got string "Acme Sync").`],
    [{ name: '' }, 'appInfo.name', `appInfo.name must be 1 to 100 characters of letters, digits and !#$%&'*+-.^_\`|~, no spaces (got string "").`],
    [{ name: 'a'.repeat(101) }, 'appInfo.name', undefined],
    [{}, 'appInfo.name', `appInfo.name must be 1 to 100 characters of letters, digits and !#$%&'*+-.^_\`|~, no spaces (got undefined).`],
    [{ name: 'Acme', version: '1 0' }, 'appInfo.version', `appInfo.version must be 1 to 100 characters of letters, digits and !#$%&'*+-.^_\`|~, no spaces (got string "1 0").`],
    [{ name: 'Acme', version: 2 }, 'appInfo.version', undefined],
    [{ name: 'Acme', url: 'ftp://acme.example' }, 'appInfo.url', 'appInfo.url must be an http: or https: URL without spaces (got string "ftp://acme.example").'],
    [{ name: 'Acme', url: 'https://acme.example/a b' }, 'appInfo.url', undefined],
    [{ name: 'Acme', url: 'not a url' }, 'appInfo.url', undefined],
    [{ name: 'Acme', url: 42 }, 'appInfo.url', 'appInfo.url must be an http: or https: URL without spaces (got number 42).'],
    [{ name: 'Acme', url: new URL('https://acme.example') }, 'appInfo.url', 'appInfo.url must be an http: or https: URL without spaces (got object).'],
    [{ name: 'Acme', url: `https://acme.example/${'a'.repeat(300)}` }, 'appInfo.url', undefined],
    [{ name: 'Acme', homepage: 'x' }, 'appInfo.homepage', 'Unknown appInfo field "homepage"; the fields are name, version and url.'],
    ['Acme', 'appInfo', 'appInfo must be an object { name, version?, url? } (got string).'],
    [null, 'appInfo', 'appInfo must be an object { name, version?, url? } (got null).'],
  ])('refuses appInfo %j', (appInfo, field, message) => {
    const error = refusal({ ...valid, appInfo });
    expect(error.field).toBe(field);
    if (message !== undefined) expect(error.message).toBe(message);
  });

  it('takes an http: appInfo url and a version made of token characters', () => {
    expect(() => new ConcurClient({ ...valid, appInfo: { name: "a!#$%&'*+-.^_`|~9", version: 'v1.0-rc.1', url: 'http://acme.example' } })).not.toThrow();
  });
});
