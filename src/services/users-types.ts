/** The Employee form's organizational unit fields, `orgUnit1` to `orgUnit6`. */
export type UserOrgUnitFields = {
  /** Organizational unit N of the Employee form (≤ 48 characters when sent); which exist depends on the configuration. */
  [N in 1 | 2 | 3 | 4 | 5 | 6 as `orgUnit${N}`]?: string;
};

/** The Employee form's custom fields, `custom1` to `custom21`. */
export type UserCustomFields = {
  /**
   * Custom field N of the Employee form; which exist depends on the configuration. Send ≤ 48
   * characters, and the item code for a list field; Concur returns list fields as `(code) name`.
   */
  [N in 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 | 19 | 20 | 21 as `custom${N}`]?: string;
};

/** The standard fields of a user to add or update (wire names of the 2013 schema, reference §4). */
export interface UserFields {
  /** Employee ID (`EmpId`), ≤ 48 characters; Concur's default is the email address. */
  empId: string;
  /**
   * The record's number in its batch (`FeedRecordNumber`), which Concur's results refer to. Leave
   * it out and the SDK numbers each user by its position in its batch, from 1; if you set it, make
   * it unique within the batch, or the results of the users sharing it cannot be told apart.
   * @default the position in the batch, from "1"
   */
  feedRecordNumber?: string;
  /** Login ID (`LoginId`), ≤ 128 characters, containing `@`; usually the email address. */
  loginId: string;
  /** Locale (`LocaleName`), ≤ 5 characters, e.g. `en_US`. */
  localeName?: string;
  /** Whether the user is active (`Active`, sent as `Y`/`N`); some configurations require it. */
  active?: boolean;
  /**
   * Password of a new user (`Password`), ≤ 255 characters. It cannot change an existing user's
   * password: use {@link UsersService.updatePasswords}.
   */
  password?: string;
  /** First name, ≤ 32 characters. */
  firstName?: string;
  /** Last name, ≤ 32 characters. */
  lastName?: string;
  /** Middle initial (`Mi`), one character. */
  mi?: string;
  /** Email address, ≤ 255 characters. */
  emailAddress?: string;
  /** Account code ledger (`LedgerKey`), ≤ 20 characters, e.g. `DEFAULT`; the current doc requires it for new users. */
  ledgerKey?: string;
  /** Country (`CtryCode`): ISO 3166-1 alpha-2 code, e.g. `US`. */
  ctryCode?: string;
  /** Account code for cash advances, ≤ 20 characters. */
  cashAdvanceAccountCode?: string;
  /** Reimbursement currency (`CrnKey`): ISO 4217 code, e.g. `USD`. {@link UsersService.get} returns it as `crnCode`. */
  crnKey?: string;
  /** State or province (`CtrySubCode`): country code, hyphen, subdivision code, e.g. `US-WA`. */
  ctrySubCode?: string;
  /** Whether the user has Expense (sent as `Y`/`N`). */
  expenseUser?: boolean;
  /** Whether the user approves expense reports. */
  expenseApprover?: boolean;
  /** Whether the user has Travel. */
  tripUser?: boolean;
  /** Whether the user has Invoice. */
  invoiceUser?: boolean;
  /** Whether the user approves invoices. */
  invoiceApprover?: boolean;
  /**
   * Employee ID of the user's expense approver (`ExpenseApproverEmployeeID`), ≤ 48 characters. An
   * approver added in the same call must come earlier in the input; keep `concurrency` at 1.
   */
  expenseApproverEmployeeId?: string;
  /** New login ID for an existing user (`NewLoginID`), ≤ 128 characters, containing `@`. */
  newLoginId?: string;
  /** New employee ID for an existing user (`NewEmployeeID`), ≤ 48 characters. */
  newEmployeeId?: string;
  /**
   * Fields of your Employee form that the typed input does not name, by wire element name, sent
   * as given after the typed fields: e.g. `BiHierNodeKey` and `IsTestEmp` (sent by Concur's VB.NET
   * sample), `PmtMethodCode` (the reimbursement method of upgraded Standard sites), `Custom22`.
   * Read {@link UsersService.getFormFields} for the field ids your configuration has.
   *
   * Each name must be an XML element name without a prefix and must not name a typed field
   * (`LoginID` or `CrnCode` are refused: set `loginId` or `crnKey`). Values are text; `OrgUnitN`
   * and `CustomN` take at most 48 characters. Any other key of the input is refused, so a
   * misspelt field never vanishes unsent.
   * @default {}
   * @example
   * ```ts
   * await concur.users.upsert([{ empId: 'E1', loginId: 'ada@example.com', extraFields: { PmtMethodCode: 'APCHECK', IsTestEmp: 'N' } }]);
   * ```
   */
  extraFields?: Record<string, string>;
}

/** A user to add or update with {@link UsersService.upsert}. */
export type UserInput = UserFields & UserOrgUnitFields & UserCustomFields;

/** One password to set with {@link UsersService.updatePasswords}. */
export interface UserPasswordInput {
  /** The user's login ID (`LoginID`), containing `@`: the key of the result. */
  loginId: string;
  /** The new password, ≤ 255 characters. Setting it does not reset its expiry. */
  password: string;
}

/** The standard fields of a user profile as Concur returns it; which are present depends on the configuration. */
export interface UserProfileFields {
  /** Login ID (`LoginId`; `LoginID` is read too). */
  loginId: string;
  /** Employee ID (`EmpId`; `EmployeeID` is read too). */
  empId?: string;
  /** Whether the user is active (`Active` Y/N). */
  active?: boolean;
  /** First name. */
  firstName?: string;
  /** Last name. */
  lastName?: string;
  /** Middle initial. */
  mi?: string;
  /** Email address. */
  emailAddress?: string;
  /** Account code ledger name. */
  ledgerName?: string;
  /** Locale, e.g. `en_US`. */
  localeName?: string;
  /** Country code, e.g. `US`. */
  ctryCode?: string;
  /** Account code for cash advances. */
  cashAdvanceAccountCode?: string;
  /**
   * Reimbursement currency, e.g. `USD`: the `CrnKey` element (what captured profiles and Concur's
   * own samples carry, and the name to send back as `crnKey`) or `CrnCode` (the 2013 page's name).
   */
  crnCode?: string;
  /** State or province, e.g. `US-WA`. */
  ctrySubCode?: string;
  /** Whether the user has Expense. */
  expenseUser?: boolean;
  /** Whether the user approves expense reports. */
  expenseApprover?: boolean;
  /** Whether the user has Travel. */
  tripUser?: boolean;
  /** Whether the user has Invoice. */
  invoiceUser?: boolean;
  /** Whether the user approves invoices. */
  invoiceApprover?: boolean;
  /** Employee ID of the user's expense approver. */
  expenseApproverEmployeeId?: string;
  /** Whether the user is a test user (`IsTestEmp`). */
  isTestEmp?: boolean;
  /** Every element of the profile as returned, by its wire name, including any this type does not name. */
  fields: Record<string, string>;
}

/** A user profile from {@link UsersService.get}. */
export type UserProfile = UserProfileFields & UserOrgUnitFields & UserCustomFields;

/** A field of the Employee (Global) form, from {@link UsersService.getFormFields}. */
export interface UserFormField {
  /** Field id, e.g. `LastName` or `Custom3`: the wire name to send it under. */
  id: string;
  /** Label shown in Concur. */
  label?: string;
  /** Control type: `edit`, `picklist`, `checkbox`, `list_edit`… */
  controlType?: string;
  /** Data type: `VARCHAR`, `CHAR`, `INTEGER`, `BOOLEANCHAR`, `MLIST`… */
  dataType?: string;
  /** Longest accepted value, in characters. */
  maxLength?: number;
  /** Whether a user must have a value for it. */
  required: boolean;
  /** Columns the field occupies on the form. */
  cols?: number;
  /** Access of end users, e.g. `RW`. */
  access?: string;
  /** Width in pixels. */
  width?: number;
  /** Whether it is a custom field. */
  custom: boolean;
  /** Position on the form. */
  sequence?: number;
  /** Custom list fields: form type of the parent field (multi-level lists). */
  parentFormTypeCode?: string;
  /** Custom list fields: id of the field one level up. */
  parentFieldId?: string;
  /** Custom fields: whether other forms copy their value from it. */
  isCopyDownSourceForOtherForms?: boolean;
  /** Custom list fields: name of the list. */
  listName?: string;
  /** Custom list fields: level of the field in its list. */
  hierLevel?: number;
}
