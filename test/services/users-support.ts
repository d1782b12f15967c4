import { readFileSync } from 'node:fs';
import { UsersService } from '../../src/services/users.js';
import type { UserInput } from '../../src/services/users-types.js';
import { parseXml } from '../../src/xml/parser.js';
import { concur, XML } from '../support/helpers.js';
import { testRequester } from '../support/service-client.js';

// Shared setup of the UsersService tests (users-reads.test.ts, users-batches.test.ts): fixtures,
// the service on a test requester, and a scripted batch endpoint that records what it received.

export const fixture = (name: string) => readFileSync(new URL(`../fixtures/users/${name}`, import.meta.url), 'utf8');
export const NS = 'http://www.concursolutions.com/api/user/2011/02';
export const USERS = '/api/user/v1.0/Users';
export const PASSWORDS = '/api/user/v1.0/Users/password';

export function service() {
  const { requester, delays } = testRequester();
  return { users: new UsersService(requester), delays };
}

export interface Captured {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The `UserProfile` elements of a batch body, parsed with the SDK's parser. */
export function sentProfiles(body: string): Array<Record<string, string>> {
  const batch = parseXml(body, { strict: true })['batch'] as { UserProfile: unknown };
  return ([] as Array<Record<string, string>>).concat(batch.UserProfile as Array<Record<string, string>>);
}

/** Answers user batch POSTs with a result built from the profiles received, and records each request. */
export function usersEndpoint(answer: (profiles: Array<Record<string, string>>, call: number) => string, times = 1): Captured[] {
  const captured: Captured[] = [];
  concur()
    .post(USERS)
    .times(times)
    .reply(function reply(_uri, body) {
      const text = String(body);
      captured.push({ method: this.req.method, headers: this.req.headers, body: text });
      return [200, answer(sentProfiles(text), captured.length), XML];
    });
  return captured;
}

export const allSucceeded = (profiles: Array<Record<string, string>>) =>
  `<user-batch-result xmlns="${NS}"><records-succeeded>${profiles.length}</records-succeeded><records-failed>0</records-failed></user-batch-result>`;

export const user = (i: number): UserInput => ({ empId: `E-${i}`, loginId: `user${i}@example.com` });
