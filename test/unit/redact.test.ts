import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { apiErrorFromResponse, type FailureContext } from '../../src/errors/factory.js';
import {
  boundedText,
  MAX_ERROR_BODY_CHARS,
  MIN_SECRET_LENGTH,
  redactSecrets,
  REDACTED,
  resultHeaders,
  safeResponseHeaders,
  scrubData,
  scrubError,
  secretForms,
} from '../../src/errors/redact.js';
import { ConcurError, type ConcurApiError } from '../../src/index.js';

// Secrets never reach an error or a log line: a server or proxy that echoes the token may do so
// as sent, percent-encoded, JSON-escaped or XML-escaped, and each form must come out whole.

const SECRET = `tok+en/A=b&c<d>'e"f g`;

const FORMS: Array<[string, string]> = [
  ['as sent', SECRET],
  ['percent-encoded, upper-case hex', "tok%2Ben%2FA%3Db%26c%3Cd%3E'e%22f%20g"],
  ['percent-encoded, lower-case hex', "tok%2ben%2fA%3db%26c%3cd%3e'e%22f%20g"],
  ['form-encoded (+ for a space)', 'tok%2Ben%2FA%3Db%26c%3Cd%3E%27e%22f+g'],
  ['JSON-escaped', `tok+en/A=b&c<d>'e\\"f g`],
  ['JSON-escaped with \\/', `tok+en\\/A=b&c<d>'e\\"f g`],
  ['JSON \\u escapes, lower-case', 'tok\\u002ben\\u002fA\\u003db\\u0026c\\u003cd\\u003e\\u0027e\\u0022f\\u0020g'],
  ['JSON \\u escapes, upper-case', 'tok\\u002Ben\\u002FA\\u003Db\\u0026c\\u003Cd\\u003E\\u0027e\\u0022f\\u0020g'],
  ['XML named entities', 'tok+en/A=b&amp;c&lt;d&gt;&apos;e&quot;f g'],
  ['XML decimal references', 'tok&#43;en&#47;A&#61;b&#38;c&#60;d&#62;&#39;e&#34;f&#32;g'],
  ['XML hex references, upper-case', 'tok&#x2B;en&#x2F;A&#x3D;b&#x26;c&#x3C;d&#x3E;&#x27;e&#x22;f&#x20;g'],
  ['XML hex references, lower-case', 'tok&#x2b;en&#x2f;A&#x3d;b&#x26;c&#x3c;d&#x3e;&#x27;e&#x22;f&#x20;g'],
];

describe('the forms of a secret', () => {
  it('are exactly the echo forms, longest first', () => {
    const forms = secretForms(SECRET);
    expect(new Set(forms)).toEqual(new Set(FORMS.map(([, form]) => form)));
    expect(forms).toHaveLength(FORMS.length);
    expect(forms.map((form) => form.length)).toEqual(forms.map((form) => form.length).sort((a, b) => b - a));
  });

  it.each(FORMS)('%s is replaced whole', (_label, form) => {
    expect(redactSecrets(`before ${form} after ${form}`, [SECRET])).toBe(`before ${REDACTED} after ${REDACTED}`);
  });

  it('a longer form that holds a shorter one is replaced whole, leaving no stray escape', () => {
    expect(redactSecrets('a abcdefgh&amp; b abcdefgh& c', ['abcdefgh&'])).toBe(`a ${REDACTED} b ${REDACTED} c`);
    expect(redactSecrets('{"t":"abcdefgh\\\\"}', ['abcdefgh\\'])).toBe(`{"t":"${REDACTED}"}`);
  });

  it(`are none for a secret under ${MIN_SECRET_LENGTH} characters, which is left in place`, () => {
    expect(secretForms('abc1234')).toEqual([]);
    expect(redactSecrets('token abc1234', ['abc1234'])).toBe('token abc1234');
    expect(redactSecrets('token abcd1234', ['abcd1234'])).toBe(`token ${REDACTED}`);
  });

  it('a secret with a lone surrogate, which cannot be percent-encoded, is still redacted as sent and JSON-escaped', () => {
    const secret = 'abcd\uD800efgh';
    expect(redactSecrets(`raw ${secret} json abcd\\ud800efgh`, [secret])).toBe(`raw ${REDACTED} json ${REDACTED}`);
  });

  it('a secret without a run of four letters or digits is redacted too', () => {
    expect(redactSecrets('x ab-cd.ef_gh y ab%2Dcd', ['ab-cd.ef_gh', 'ab-cd'])).toBe(`x ${REDACTED} y ab%2Dcd`);
  });

  it('text without the secret comes back as it was; every secret given is removed', () => {
    expect(redactSecrets('nothing to see', [SECRET, 'other-secret-1'])).toBe('nothing to see');
    expect(redactSecrets('one other-secret-1 two tok+en', [SECRET, 'other-secret-1'])).toBe(`one ${REDACTED} two tok+en`);
  });
});

describe('boundedText', () => {
  it('keeps text of the limit as it is, and says how many characters it cut from longer text', () => {
    expect(boundedText('x'.repeat(10), [], 10)).toBe('x'.repeat(10));
    expect(boundedText('x'.repeat(11), [], 10)).toBe(`${'x'.repeat(10)}… [1 more characters]`);
    expect(boundedText('y'.repeat(MAX_ERROR_BODY_CHARS + 1234), [])).toBe(`${'y'.repeat(MAX_ERROR_BODY_CHARS)}… [1234 more characters]`);
  });

  it('redacts before cutting, so a secret across the cut leaves no part of itself', () => {
    expect(boundedText(`12345secret-token-9999`, ['secret-token-9999'], 8)).toBe(`12345[RE… [7 more characters]`);
  });
});

describe('response headers', () => {
  const headers = {
    'content-type': 'application/xml',
    'content-length': '12',
    'retry-after': '120',
    date: 'Wed, 25 Nov 2026 10:00:00 GMT',
    'concur-correlationid': `cid ${SECRET} ${'c'.repeat(300)}`,
    authorization: `Bearer ${SECRET}`,
    'proxy-authorization': 'Basic abc',
    cookie: 'a=b',
    'set-cookie': 'session=1',
    'x-echo': `echo ${SECRET}`,
  };

  it('an error keeps only content type and length, Retry-After, date and correlation id, redacted and bounded', () => {
    expect(safeResponseHeaders(headers, [SECRET])).toEqual({
      'content-type': 'application/xml',
      'content-length': '12',
      'retry-after': '120',
      date: 'Wed, 25 Nov 2026 10:00:00 GMT',
      'concur-correlationid': `cid ${REDACTED} ${'c'.repeat(241)}… [59 more characters]`,
    });
  });

  it('a successful result drops credential echoes and redacts the rest', () => {
    expect(resultHeaders(headers, [SECRET])).toEqual({
      'content-type': 'application/xml',
      'content-length': '12',
      'retry-after': '120',
      date: 'Wed, 25 Nov 2026 10:00:00 GMT',
      'concur-correlationid': `cid ${REDACTED} ${'c'.repeat(300)}`,
      'x-echo': `echo ${REDACTED}`,
    });
  });
});

// Built inside each test, never while the tests are collected: the forms of a secret are cached,
// and a mutation run switches each mutant on only once collection is over.
function echoingError(): ConcurApiError {
  const echoed = FORMS.map(([, form]) => form).join(' | ');
  const context: FailureContext = { method: 'POST', path: '/api/x', attempts: 1, exhausted: false, secrets: [SECRET] };
  return apiErrorFromResponse(
    {
      status: 400,
      statusText: `Bad ${SECRET}`,
      headers: { 'content-type': 'application/xml', 'concur-correlationid': `cid-${SECRET}` },
      bodyText: `<Error><Message>refused ${FORMS.map(([, form]) => form.replace(/&/g, '&amp;').replace(/</g, '&lt;')).join(' | ')}</Message><Id>${echoed.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Id><Detail><![CDATA[${echoed}]]></Detail></Error>`,
    },
    context,
  );
}

describe('an HTTP error that echoes the secret in every form', () => {
  const places: Array<[string, (error: ConcurApiError) => string]> = [
    ['message', (error) => error.message],
    ['body', (error) => error.body ?? ''],
    ['serverMessage', (error) => error.serverMessage ?? ''],
    ['errorId', (error) => error.errorId ?? ''],
    ['correlationId', (error) => error.correlationId ?? ''],
    ['toJSON', (error) => JSON.stringify(error)],
    ['util.inspect', (error) => inspect(error, { showHidden: true, depth: 5 })],
  ];

  it.each(places)('%s holds no form of it, only [REDACTED]', (_place, read) => {
    const text = read(echoingError());
    for (const [, form] of FORMS) expect(text).not.toContain(form);
    expect(text).toContain(REDACTED);
  });

  it("quotes Concur's message with every form replaced whole", () => {
    const error = echoingError();
    expect(error.serverMessage).toBe(`refused ${FORMS.map(() => REDACTED).join(' | ')}`);
    expect(error.correlationId).toBe(`cid-${REDACTED}`);
  });
});

describe('scrubError and scrubData, the last line of defence', () => {
  it('rewrite every string reachable from an error: message, stack, fields, nested records and the cause chain', () => {
    const cause = new Error(`inner ${SECRET}`);
    const error = new ConcurError(`outer ${SECRET}`, { cause, path: `/api/${SECRET}` });
    Object.assign(error, { extra: { list: [`item ${SECRET}`, 42, null] } });
    expect(scrubError(error, [SECRET])).toBe(error);
    expect(error.message).toBe(`outer ${REDACTED}`);
    expect(error.path).toBe(`/api/${REDACTED}`);
    expect(error.stack).not.toContain(SECRET);
    expect(cause.message).toBe(`inner ${REDACTED}`);
    expect((error as unknown as { extra: { list: unknown[] } }).extra.list).toEqual([`item ${REDACTED}`, 42, null]);
  });

  it("leave the caller's own abort reason, frozen objects and getters as they are", () => {
    const reason = { why: `mine ${SECRET}` };
    const frozen = Object.freeze({ text: `frozen ${SECRET}` });
    const error = Object.assign(new ConcurError('x', { cause: reason }), { frozen });
    Object.defineProperty(error, 'computed', { get: () => `got ${SECRET}`, enumerable: true });
    scrubError(error, [SECRET], new Set([reason]));
    expect(reason.why).toBe(`mine ${SECRET}`);
    expect(frozen.text).toBe(`frozen ${SECRET}`);
    expect((error as unknown as { computed: string }).computed).toBe(`got ${SECRET}`);
  });

  it('rewrite a read-only field that can be redefined and the fields of a sealed object; leave one that can be neither, without throwing', () => {
    const sealed = Object.seal({ text: `sealed ${SECRET}` });
    const error = Object.assign(new ConcurError('x', { cause: sealed }), { sealed });
    Object.defineProperty(error, 'readOnly', { value: `read-only ${SECRET}`, enumerable: true, configurable: true });
    Object.defineProperty(error, 'fixed', { value: `fixed ${SECRET}`, enumerable: true });
    expect(() => scrubError(error, [SECRET])).not.toThrow();
    expect(sealed.text).toBe(`sealed ${REDACTED}`);
    expect(Object.getOwnPropertyDescriptor(error, 'readOnly')).toEqual({ value: `read-only ${REDACTED}`, writable: false, enumerable: true, configurable: true });
    expect((error as unknown as { fixed: string }).fixed).toBe(`fixed ${SECRET}`);
  });

  it('with no secrets, change nothing', () => {
    const error = new ConcurError(`outer ${SECRET}`);
    expect(scrubError(error, []).message).toBe(`outer ${SECRET}`);
  });

  it('rewrite parsed data in place, however deep, and survive cycles', () => {
    const data: Record<string, unknown> = { items: [{ name: `a ${SECRET}` }], note: SECRET };
    data.self = data;
    let deep: Record<string, unknown> = { leaf: `leaf ${SECRET}` };
    const bottom = deep;
    for (let depth = 0; depth < 20_000; depth += 1) deep = { child: deep };
    expect(scrubData(data, [SECRET])).toBe(data);
    expect(data).toMatchObject({ items: [{ name: `a ${REDACTED}` }], note: REDACTED });
    scrubData(deep, [SECRET]);
    expect(bottom.leaf).toBe(`leaf ${REDACTED}`);
    const untouched = { note: SECRET };
    expect(scrubData(untouched, []).note).toBe(SECRET);
  });
});
