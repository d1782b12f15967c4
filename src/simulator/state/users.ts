/** A user (User v1.0, reference §4). */
export interface SimUser {
  /** `LoginId`, the key; looked up without regard to case. */
  loginId: string;
  /** `EmpId`. */
  employeeId: string;
  /**
   * The profile as `GET /api/user/v1.0/User/` returns it, by element name (`LoginId`, `EmpId`,
   * `FirstName`, `Active`, `CrnKey` …), including any form field a batch sent that the simulator
   * does not know (`BiHierNodeKey`, `PmtMethodCode` …), in the order they were first set.
   */
  fields: Record<string, string>;
  /** The password last set, if any (a simulator keeps it so tests can check it). */
  password: string | undefined;
}

/** A field of the Employee form (`GET /api/user/v1.0/FormFields`), by element name (`Id`, `Label`, `Required` …). */
export type SimFormField = Record<string, string>;

// Element spellings the sources vary on, mapped to the ones GET returns. The currency is `CrnKey`
// in captured GET answers (the concur-platform package's test/user.json, the 2014 get-started
// page, the official VB.NET parser); only the 2013 reference page shows `CrnCode` (reference §4, §15).
const ALIASES: Readonly<Record<string, string>> = {
  LoginID: 'LoginId',
  EmployeeID: 'EmpId',
  EmpID: 'EmpId',
  CrnCode: 'CrnKey',
  LedgerKey: 'LedgerName',
};

/** The element name a profile field is kept under. @internal */
export function profileName(name: string): string {
  return ALIASES[name] ?? name;
}

/** The users of the simulated company and the Employee form. */
export class UserStore {
  readonly #byLogin = new Map<string, SimUser>();
  readonly #byEmployee = new Map<string, SimUser>();
  #formFields: SimFormField[] = [];

  /** Number of users. */
  get size(): number {
    return this.#byLogin.size;
  }

  /** The user with this login id (any case). */
  get(loginId: string): SimUser | undefined {
    return this.#byLogin.get(loginId.toLowerCase());
  }

  /** The user with this employee id. */
  byEmployeeId(employeeId: string): SimUser | undefined {
    return this.#byEmployee.get(employeeId);
  }

  /** Every user in creation order. */
  all(): SimUser[] {
    return [...this.#byLogin.values()];
  }

  /**
   * Puts a user straight into the state. `fields` uses the profile's element names; both
   * `LoginId`/`LoginID` and `EmpId`/`EmployeeID` are accepted.
   *
   * @example
   * ```ts
   * sim.state.users.add({ LoginId: 'ada@example.com', EmpId: 'E1', FirstName: 'Ada', Active: 'Y' });
   * ```
   */
  add(fields: Record<string, string>, password?: string): SimUser {
    const profile: Record<string, string> = {};
    for (const [name, value] of Object.entries(fields)) profile[profileName(name)] = value;
    const loginId = profile['LoginId'];
    const employeeId = profile['EmpId'];
    if (loginId === undefined || loginId === '' || employeeId === undefined || employeeId === '') {
      throw new Error('A user needs LoginId and EmpId.');
    }
    const replaced = this.get(loginId);
    if (replaced !== undefined) this.#byEmployee.delete(replaced.employeeId);
    const user: SimUser = { loginId, employeeId, fields: profile, password };
    this.#index(user);
    return user;
  }

  /** Changes a user's login id or employee id, keeping the indexes right. @internal */
  rename(user: SimUser, next: { loginId?: string; employeeId?: string }): void {
    this.#byLogin.delete(user.loginId.toLowerCase());
    this.#byEmployee.delete(user.employeeId);
    if (next.loginId !== undefined) user.loginId = user.fields['LoginId'] = next.loginId;
    if (next.employeeId !== undefined) user.employeeId = user.fields['EmpId'] = next.employeeId;
    this.#index(user);
  }

  /** The Employee form's fields. */
  formFields(): SimFormField[] {
    return this.#formFields.map((formField) => ({ ...formField }));
  }

  /** Replaces the Employee form's fields; a field with `Required: 'Y'` must be sent for new users. */
  setFormFields(fields: readonly SimFormField[]): void {
    this.#formFields = fields.map((formField) => ({ ...formField }));
  }

  #index(user: SimUser): void {
    this.#byLogin.set(user.loginId.toLowerCase(), user);
    this.#byEmployee.set(user.employeeId, user);
  }
}
