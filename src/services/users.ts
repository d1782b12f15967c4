import type { ConcurResponse } from '../core/decode.js';
import type { CallOptions } from '../core/options.js';
import { runBatch, type BatchSpec } from '../batch/run.js';
import type { BatchInput, BatchOptions, BatchResult, ItemProblem } from '../batch/types.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { callSettings, idArgument } from '../internal/arguments.js';
import { describeValue } from '../internal/describe.js';
import type { XmlNode } from '../xml/parser.js';
import { childOf, childText, elements, isElement, type XmlElement } from '../xml/nodes.js';
import { ConcurService, defineEndpoints, integerOf, rootOf } from './service.js';
import {
  feedRecordNumberOf,
  jsonProfileElement,
  loginKey,
  passwordEntryProblems,
  readFormField,
  readProfile,
  recordKey,
  toWire,
  userProblems,
  type UserOperation,
} from './users-codec.js';

export type { UserOperation } from './users-codec.js';
import type { UserFormField, UserInput, UserPasswordInput, UserProfile } from './users-types.js';

// User v1.0 (reference §4). The namespace was undocumented until D1 PR #1132, after users hit
// errors without it; the password batch uses it too (PR #596). Path casing follows the samples
// and the 2013 pages (`User/`, `FormFields`, `Users`, `Users/password`).
const NAMESPACE = 'http://www.concursolutions.com/api/user/2011/02';

const ENDPOINTS = defineEndpoints({
  get: { method: 'GET', path: '/api/user/v1.0/User/' },
  getFormFields: { method: 'GET', path: '/api/user/v1.0/FormFields' },
  upsert: { method: 'POST', path: '/api/user/v1.0/Users', root: 'batch', namespace: NAMESPACE },
  updatePasswords: { method: 'POST', path: '/api/user/v1.0/Users/password', root: 'UserBatch', namespace: NAMESPACE },
});

// The documented limit is 500 users per batch (2013 error "Maximum User Records per Batch
// Exceeded"); the HTTP codes page says 400 only above 1000. Chunks default to 500, 1000 is the cap.
const MAX_USERS = 1000;
const USERS_PER_BATCH = 500;

/**
 * The `UserProfile` element of a GET answer. The SDK asks for XML, but a JSON answer (Concur sends
 * one when asked; the captured profile of the concur-platform package is one) is a bare object of
 * the same element names, and is read the same way.
 */
function profileOf(response: ConcurResponse<unknown>): XmlElement {
  const data = response.data;
  const json = (response.headers['content-type'] ?? '').toLowerCase().includes('json');
  if (json && isElement(data as XmlNode) && childOf(data as XmlNode, 'UserProfile') === undefined && childOf(data as XmlNode, 'Error', true) === undefined) {
    return jsonProfileElement(data as Record<string, unknown>);
  }
  return rootOf(response, 'UserProfile', 'GET', ENDPOINTS.get.path);
}

/**
 * User v1.0: read a user profile and the Employee form, add or update users in batches, and set
 * passwords (reference §4). Reached as `concur.users`.
 *
 * **Decommissioned in the US and EMEA data centers on 2025-01-21** (deprecated 2022-11-10): there
 * every call is expected to fail, a 404 surfacing as `NotFoundError`. Successors are Identity v4
 * and User Provisioning v4 (SCIM). Concur also documents that adding users through this API may
 * leave profiles to complete through an Employee Import.
 *
 * @example
 * ```ts
 * const me = await concur.users.get();
 * const result = await concur.users.upsert([{ empId: 'E1001', loginId: 'ada@example.com', active: true }]);
 * console.log(me.loginId, result.succeeded, result.failed, result.unknown);
 * ```
 */
export class UsersService extends ConcurService {
  /**
   * The profile of the token's owner, or of `loginId` (which needs an administrator role).
   *
   * @throws NotFoundError on a 404, which is also what a decommissioned data center answers.
   * @example
   * ```ts
   * const user = await concur.users.get('ada@example.com');
   * console.log(user.firstName, user.active, user.fields['Custom3']);
   * ```
   */
  async get(loginId?: string, options?: CallOptions): Promise<UserProfile> {
    const settings = callSettings(options);
    if (loginId !== undefined) idArgument(loginId, 'loginId', 'pass a login ID, or leave it out for the token owner');
    const response = await this.call(ENDPOINTS.get, { query: { loginID: loginId }, ...settings });
    return readProfile(profileOf(response));
  }

  /**
   * The fields of the Employee (Global) form: which are required, their types and lengths. Read
   * it before {@link UsersService.upsert} to know what your configuration needs.
   *
   * @example
   * ```ts
   * const required = (await concur.users.getFormFields()).filter((field) => field.required).map((field) => field.id);
   * ```
   */
  async getFormFields(options?: CallOptions): Promise<UserFormField[]> {
    const settings = callSettings(options);
    const response = await this.call(ENDPOINTS.getFormFields, settings);
    const root = rootOf(response, 'FormFieldsList', 'GET', ENDPOINTS.getFormFields.path);
    return elements(root, 'FormField').map(readFormField);
  }

  /**
   * Adds or updates users, any number of them, in batches of 500 by default (at most 1000).
   * Results are matched by `FeedRecordNumber`, which the SDK sets when you do not.
   *
   * @example
   * ```ts
   * const result = await concur.users.upsert(users, { onProgress: (p) => console.log(p.completed) });
   * for (const item of result.items) if (item.status === 'failed') console.warn(item.input.loginId, item.message);
   * ```
   */
  async upsert(users: BatchInput<UserInput>, options?: BatchOptions<UserInput>): Promise<BatchResult<UserInput>> {
    const endpoint = ENDPOINTS.upsert;
    const spec: BatchSpec<UserInput> = {
      label: 'users',
      noun: 'User',
      max: MAX_USERS,
      defaultChunkSize: USERS_PER_BATCH,
      // The SDK numbers each user by its place in the chunk unless the caller gave a number.
      keyOf: (user, position) => feedRecordNumberOf(user, position),
      problemsOf: userProblems,
      send: async (chunk, settings) => {
        const profiles = chunk.map((user, position) => toWire(user, user.feedRecordNumber ?? String(position + 1)));
        const response = await this.call(endpoint, { body: this.xmlBody(endpoint, { UserProfile: profiles }), ...settings });
        const root = rootOf(response, 'user-batch-result', endpoint.method, endpoint.path);
        // The 2013 page names the text `message`, the current one `Message`: childText reads both.
        const errors = elements(root, 'errors', 'error').map((node) => ({ key: recordKey(childText(node, 'FeedRecordNumber')), message: childText(node, 'message') }));
        const successes = elements(root, 'UserDetails', 'UserInfo')
          .filter((node) => childText(node, 'Status')?.toUpperCase() === 'SUCCESS')
          .flatMap((node) => recordKey(childText(node, 'FeedRecordNumber')) ?? []);
        return {
          attempts: response.attempts,
          processedBefore: response.mayHaveBeenProcessedBefore,
          correlationId: response.correlationId,
          report: { recordsSucceeded: integerOf(childOf(root, 'records-succeeded')), recordsFailed: integerOf(childOf(root, 'records-failed')), errors, successes },
        };
      },
    };
    return runBatch(users, spec, options);
  }

  /**
   * Sets the passwords of existing users, in batches of 500 by default (at most 1000). Concur
   * reports every user by login ID. It does not reset the password's expiry, and a user without
   * an employee ID cannot have one set.
   *
   * @example
   * ```ts
   * const result = await concur.users.updatePasswords([{ loginId: 'ada@example.com', password: newPassword }]);
   * ```
   */
  async updatePasswords(entries: BatchInput<UserPasswordInput>, options?: BatchOptions<UserPasswordInput>): Promise<BatchResult<UserPasswordInput>> {
    const endpoint = ENDPOINTS.updatePasswords;
    const spec: BatchSpec<UserPasswordInput> = {
      label: 'user passwords',
      noun: 'Password entry',
      max: MAX_USERS,
      defaultChunkSize: USERS_PER_BATCH,
      // Login IDs are matched without regard to case, in case Concur echoes another casing.
      keyOf: (entry) => loginKey(entry.loginId),
      problemsOf: passwordEntryProblems,
      send: async (chunk, settings) => {
        const body = this.xmlBody(endpoint, { User: chunk.map((entry) => ({ LoginID: entry.loginId, Password: entry.password })) });
        const response = await this.call(endpoint, { body, ...settings });
        const root = rootOf(response, 'BatchResult', endpoint.method, endpoint.path);
        const statuses = elements(root, 'UserPasswordStatusList', 'UserPasswordStatus').map((node) => ({
          key: loginKey(childText(node, 'LoginID')),
          status: childText(node, 'Status')?.toLowerCase(),
          message: childText(node, 'Message'),
        }));
        const errors = statuses.filter((entry) => entry.status === 'failed').map(({ key, message }) => ({ key, message }));
        const successes = statuses.flatMap((entry) => (entry.status === 'success' && entry.key !== undefined ? [entry.key] : []));
        return {
          attempts: response.attempts,
          processedBefore: response.mayHaveBeenProcessedBefore,
          correlationId: response.correlationId,
          report: { recordsSucceeded: integerOf(childOf(root, 'RecordsSucceeded')), recordsFailed: integerOf(childOf(root, 'RecordsFailed')), errors, successes },
        };
      },
    };
    return runBatch(entries, spec, options);
  }

  /**
   * Every problem that would keep an item from being sent, empty when it is valid: the checks
   * `upsert` (or `updatePasswords`) runs on each item, for cleaning a file before sending it. Each
   * problem names the field as you wrote it (`loginId`) and says what is wrong with the value; a
   * password is never shown.
   *
   * @param operation The write the item is meant for: `'upsert'` (the default) or `'updatePasswords'`.
   * @example
   * ```ts
   * const problems = concur.users.validate({ empId: 'E1', loginId: 'ada' });
   * // [{ field: 'loginId', message: 'loginId must contain "@": Concur login IDs are email-like (got "ada")' }]
   * ```
   */
  validate(item: unknown, operation: UserOperation = 'upsert'): ItemProblem[] {
    if (operation === 'upsert') return userProblems(item);
    if (operation === 'updatePasswords') return passwordEntryProblems(item);
    throw new ConcurValidationError(`operation must be 'upsert' or 'updatePasswords' (got ${describeValue(operation)}).`, { field: 'operation' });
  }
}
