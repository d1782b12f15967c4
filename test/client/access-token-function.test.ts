import { describe, expect, it } from 'vitest';
import { ConcurClient, ConcurValidationError } from '../../src/index.js';
import { BASE_URL, caught, concur, TOKEN, XML } from '../support/helpers.js';

// The accessToken option as a function: what it must give back, checked before anything is sent.

const PATH = '/api/expense/list/v1.0/';

async function refusedToken(token: unknown): Promise<{ error: unknown; sent: boolean }> {
  const scope = concur().get(PATH).reply(200, '<lists/>', XML);
  const client = new ConcurClient({ baseUrl: BASE_URL, accessToken: () => token as string });
  const error = await caught(async () => client.request({ method: 'GET', path: PATH }));
  return { error, sent: scope.isDone() };
}

describe('an accessToken function that gives no token', () => {
  it.each([
    ['an empty string', ''],
    ['blanks', '   '],
  ])('%s: a ConcurValidationError on accessToken, "got an empty string", nothing sent', async (_label, token) => {
    const { error, sent } = await refusedToken(token);
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field: 'accessToken' });
    expect((error as Error).message).toBe('The accessToken function returned no token; it must resolve to a non-empty string (got an empty string).');
    expect(sent).toBe(false);
  });

  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
    [42, 'number'],
    [{ token: TOKEN }, 'object'],
    ['Bearer ', 'only the scheme "Bearer" with no token after it'],
  ])('%j: a ConcurValidationError naming what it gave (%s), nothing sent', async (token, got) => {
    const { error, sent } = await refusedToken(token);
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field: 'accessToken' });
    expect((error as Error).message).toBe(`The accessToken function returned no token; it must resolve to a non-empty string (got ${got}).`);
    expect(sent).toBe(false);
  });
});

describe('an accessToken function whose token holds a control character', () => {
  it.each([
    ['a line break', `${TOKEN}\r\nX-Injected: 1`],
    ['a tab', `${TOKEN}\tx`],
    ['a DEL', `${TOKEN}\u007f`],
  ])('%s: a ConcurValidationError on accessToken that does not echo the token, nothing sent', async (_label, token) => {
    const { error, sent } = await refusedToken(token);
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect(error).toMatchObject({ field: 'accessToken' });
    expect((error as Error).message).toBe('The access token contains a line break or another control character; check how it is read.');
    expect(sent).toBe(false);
  });
});
