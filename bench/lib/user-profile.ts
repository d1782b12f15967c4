import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The user profile of the comparison with the old official SDK: the same data as JSON (what
 * concur-platform asks for, `Accept: application/json`) and as XML (what the SDK asks for).
 *
 * The data is the captured User v1.0 GET profile that concur-platform 0.3.9 ships as
 * `test/user.json`, kept in this repository as test/fixtures/real/users/get-profile-concur-platform.json
 * (its source note is beside it). The XML form carries the same elements in the same order, in
 * the User namespace, with an empty element written `<Name />` as in Concur's published
 * `UserProfile` (test/fixtures/real/users/get-profile-2013.xml).
 */

/** Path of the User v1.0 GET that both SDKs call for the token owner's profile. */
export const USER_PATH = '/api/user/v1.0/User/';

const USER_NAMESPACE = 'http://www.concursolutions.com/api/user/2011/02';

/** The profile as a flat record of element name to text, in document order. */
export function userProfileRecord(root: string): Record<string, string> {
  const text = readFileSync(join(root, 'test', 'fixtures', 'real', 'users', 'get-profile-concur-platform.json'), 'utf8');
  const parsed = JSON.parse(text) as Record<string, unknown>;
  const record: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new Error(`The captured profile's ${key} is not text`);
    record[key] = value;
  }
  return record;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** The same profile as Concur's XML `UserProfile` document. */
export function userProfileXml(record: Readonly<Record<string, string>>): string {
  const elements = Object.entries(record).map(([name, value]) =>
    value === '' ? `<${name} />` : `<${name}>${value.replace(/[&<>]/g, (char) => ESCAPES[char] ?? char)}</${name}>`,
  );
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<UserProfile xmlns="${USER_NAMESPACE}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">` +
    `${elements.join('')}</UserProfile>`
  );
}

/** The same profile as the JSON object Concur answers with `Accept: application/json`. */
export function userProfileJson(record: Readonly<Record<string, string>>): string {
  return JSON.stringify(record);
}
