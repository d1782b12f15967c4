import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { SDK_VERSION } from '../../src/version.js';
import type { ForbiddenError} from '../../src/index.js';
import { ConcurClient, ConcurValidationError, type ClientOptions } from '../../src/index.js';
import { BASE_URL, caught, concur, errorXml, XML } from '../support/helpers.js';

// Issue "Production fit", part 4 and the options of part 3: what a new user meets on day one.

function build(options: Partial<ClientOptions>): ConcurClient {
  return new ConcurClient({ baseUrl: BASE_URL, accessToken: 'access-token-0123456789', retry: false, ...options } as ClientOptions);
}

describe('appInfo in the User-Agent', () => {
  it('adds the integration after the SDK and Node versions', async () => {
    const scope = concur()
      .get('/api/x')
      .matchHeader('user-agent', `concur-sdk/${SDK_VERSION} node/${process.versions.node} AcmeErpSync/2.4.0 (+https://acme.example/erp)`)
      .reply(200, '<ok/>', XML);
    await build({ appInfo: { name: 'AcmeErpSync', version: '2.4.0', url: 'https://acme.example/erp' } }).request({ method: 'GET', path: '/api/x' });
    expect(scope.isDone()).toBe(true);
  });

  it('without appInfo the User-Agent names the SDK and Node only', async () => {
    const scope = concur().get('/api/x').matchHeader('user-agent', `concur-sdk/${SDK_VERSION} node/${process.versions.node}`).reply(200, '<ok/>', XML);
    await build({}).request({ method: 'GET', path: '/api/x' });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    [{ name: 'Acme ERP' }, 'appInfo.name'],
    [{ name: '' }, 'appInfo.name'],
    [{ version: '1.0' }, 'appInfo.name'],
    [{ name: 'Acme', version: '1 0' }, 'appInfo.version'],
    [{ name: 'Acme', url: 'ftp://acme.example' }, 'appInfo.url'],
    [{ name: 'Acme', url: 'https://acme.example/a b' }, 'appInfo.url'],
    [{ name: 'Acme', owner: 'me' }, 'appInfo.owner'],
    ['Acme', 'appInfo'],
  ])('refuses appInfo %j (field %s)', (appInfo, field) => {
    const error = (() => {
      try {
        build({ appInfo: appInfo as NonNullable<ClientOptions['appInfo']> });
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field });
  });
});

describe('an access token given with its scheme', () => {
  it.each([
    ['Bearer access-token-0123456789', 'Bearer', 'Bearer access-token-0123456789'],
    ['bearer   access-token-0123456789', 'Bearer', 'Bearer access-token-0123456789'],
    ['OAuth access-token-0123456789', 'OAuth', 'OAuth access-token-0123456789'],
    ['OAUTH access-token-0123456789', 'Bearer', 'Bearer access-token-0123456789'],
    [' access-token-0123456789\n', 'Bearer', 'Bearer access-token-0123456789'],
  ] as const)('%j with authScheme %s is sent as %j', async (accessToken, authScheme, header) => {
    const scope = concur().get('/api/x').matchHeader('authorization', header).reply(200, '<ok/>', XML);
    await build({ accessToken, authScheme }).request({ method: 'GET', path: '/api/x' });
    expect(scope.isDone()).toBe(true);
  });

  it('a token function returning "Bearer …" is sent once with the scheme', async () => {
    const scope = concur().get('/api/x').matchHeader('authorization', 'Bearer fn-token-0123456789').reply(200, '<ok/>', XML);
    await build({ accessToken: () => 'Bearer fn-token-0123456789' }).request({ method: 'GET', path: '/api/x' });
    expect(scope.isDone()).toBe(true);
  });
});

describe('secrets shorter than 8 characters are not redacted', () => {
  it("a one-letter test token leaves Concur's message readable", async () => {
    concur().get('/api/x').reply(403, errorXml('The token is not valid for this test tenant'), XML);
    const error = (await caught(() => build({ accessToken: 't' }).request({ method: 'GET', path: '/api/x' }))) as ForbiddenError;
    expect(error.serverMessage).toBe('The token is not valid for this test tenant');
    expect(error.message).toContain('The token is not valid for this test tenant');
  });

  it('a token of 8 characters or more is redacted wherever it is echoed', async () => {
    concur().get('/api/x').reply(403, errorXml('token abcdefgh is expired'), XML);
    const error = (await caught(() => build({ accessToken: 'abcdefgh' }).request({ method: 'GET', path: '/api/x' }))) as ForbiddenError;
    expect(error.serverMessage).toBe('token [REDACTED] is expired');
  });
});

describe('allowInsecureHttp', () => {
  it('refuses a plain http base URL on a non-loopback host, as before', () => {
    expect(() => build({ baseUrl: 'http://concur-sim:4010' })).toThrow(/must use https .*allowInsecureHttp/);
  });

  it('lets it through when set, and requests go there', async () => {
    const scope = nock('http://concur-sim:4010').get('/api/x').reply(200, '<ok/>', XML);
    const { status } = await build({ baseUrl: 'http://concur-sim:4010', allowInsecureHttp: true }).request({ method: 'GET', path: '/api/x' });
    expect(status).toBe(200);
    expect(scope.isDone()).toBe(true);
  });

  it('must be a boolean', () => {
    expect(() => build({ allowInsecureHttp: 'yes' as unknown as boolean })).toThrow(/allowInsecureHttp must be true or false \(got string "yes"\)/);
  });
});

describe('the proxy option', () => {
  it.each([
    ['ftp://proxy.corp:21', /http: or https: proxy URL/],
    ['not a url at all', /not a valid URL/],
    ['http://user:hunter2-secret@proxy.corp:3128/path', /no path or query/],
    [42, /proxy must be a proxy URL, 'env' or false \(got number\)/],
    [true, /\(got boolean\)/],
  ])('refuses %j, naming no credential', (proxy, message) => {
    let error: unknown;
    try {
      build({ proxy: proxy as string });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('hunter2-secret');
  });

  it("'env' with no variable set means a direct connection", async () => {
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, https_proxy: process.env.https_proxy };
    delete process.env.HTTPS_PROXY;
    delete process.env.https_proxy;
    try {
      const scope = concur().get('/api/x').reply(200, '<ok/>', XML);
      await build({ proxy: 'env' }).request({ method: 'GET', path: '/api/x' });
      expect(scope.isDone()).toBe(true);
    } finally {
      Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, value]) => value !== undefined)));
    }
  });
});

describe('maxSockets', () => {
  it.each([0, 1.5, -3, 2_000, '8'])('refuses %j', (maxSockets) => {
    expect(() => build({ maxSockets: maxSockets as number })).toThrow(/maxSockets must be a whole number from 1 to 1024/);
  });
});
