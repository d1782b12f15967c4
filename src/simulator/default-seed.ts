import type { SimulatorSeed } from './seed.js';

/**
 * The access token every simulator accepts (owned by the first seeded user), unless a test
 * expires or revokes it.
 *
 * @example
 * ```ts
 * const concur = new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN });
 * ```
 */
export const SIMULATOR_TOKEN = 'concur-simulator-token';

/** Credentials for the simulator's OAuth2 token endpoint. */
export interface SimulatorOAuthCredentials {
  /** The client id registered by the default seed. */
  readonly clientId: string;
  /** Its client secret. */
  readonly clientSecret: string;
  /** The first refresh token; it stops working once used, like Concur's. */
  readonly refreshToken: string;
}

/**
 * The OAuth2 client and first refresh token of the default seed, for `refreshTokenProvider`
 * against `POST /oauth2/v0/token`. Each refresh replaces the refresh token, as Concur's does.
 *
 * @example
 * ```ts
 * const accessToken = refreshTokenProvider({ ...SIMULATOR_OAUTH, baseUrl: sim.url });
 * ```
 */
export const SIMULATOR_OAUTH: SimulatorOAuthCredentials = Object.freeze({
  clientId: 'concur-simulator-client',
  clientSecret: 'concur-simulator-secret',
  refreshToken: 'concur-simulator-refresh-token',
});

/**
 * What a simulator starts with when given no seed: a user, a two-level `Cities` list, attendee
 * types and an attendee, an expense extract definition, an OPEN payment batch with reports and an
 * empty one, a purchase order policy and vendor, and the OAuth2 client of {@link SIMULATOR_OAUTH}.
 */
export const DEFAULT_SEED: SimulatorSeed = {
  users: [
    {
      LoginId: 'admin@example.com',
      EmpId: 'E0001',
      FirstName: 'Ada',
      LastName: 'Admin',
      EmailAddress: 'admin@example.com',
      Active: 'Y',
      LocaleName: 'en_US',
      LedgerName: 'DEFAULT',
      CtryCode: 'US',
      CrnCode: 'USD',
      ExpenseUser: 'Y',
      ExpenseApprover: 'Y',
      Password: 'Simulator-1',
    },
  ],
  formFields: [
    { Id: 'LoginId', Label: 'Login ID', ControlType: 'edit', DataType: 'VARCHAR', MaxLength: '128', Required: 'Y', Custom: 'N', Sequence: '1' },
    { Id: 'EmpId', Label: 'Employee ID', ControlType: 'edit', DataType: 'VARCHAR', MaxLength: '48', Required: 'Y', Custom: 'N', Sequence: '2' },
    { Id: 'FirstName', Label: 'First Name', ControlType: 'edit', DataType: 'VARCHAR', MaxLength: '32', Required: 'Y', Custom: 'N', Sequence: '3' },
    { Id: 'LastName', Label: 'Last Name', ControlType: 'edit', DataType: 'VARCHAR', MaxLength: '32', Required: 'Y', Custom: 'N', Sequence: '4' },
    { Id: 'EmailAddress', Label: 'Email Address', ControlType: 'edit', DataType: 'VARCHAR', MaxLength: '255', Required: 'N', Custom: 'N', Sequence: '5' },
    { Id: 'LedgerKey', Label: 'Ledger', ControlType: 'picklist', DataType: 'VARCHAR', MaxLength: '20', Required: 'Y', Custom: 'N', Sequence: '6' },
    { Id: 'Active', Label: 'Active', ControlType: 'checkbox', DataType: 'BOOLEANCHAR', MaxLength: '1', Required: 'N', Custom: 'N', Sequence: '7' },
    {
      Id: 'Custom1',
      Label: 'Cost Center',
      ControlType: 'list_edit',
      DataType: 'MLIST',
      MaxLength: '48',
      Required: 'N',
      Custom: 'Y',
      Sequence: '8',
      ListName: 'Cities',
      HierLevel: '1',
    },
  ],
  oauthClients: [{ clientId: SIMULATOR_OAUTH.clientId, clientSecret: SIMULATOR_OAUTH.clientSecret }],
  refreshTokens: [{ token: SIMULATOR_OAUTH.refreshToken }],
  lists: [
    {
      id: 'gWqCities$pZmcowMR01',
      name: 'Cities',
      levels: 2,
      items: [
        { codes: ['US'], name: 'United States' },
        { codes: ['US', 'SEA'], name: 'Seattle' },
        { codes: ['US', 'NYC'], name: 'New York' },
        { codes: ['FR'], name: 'France' },
        { codes: ['FR', 'PAR'], name: 'Paris' },
      ],
    },
  ],
  attendeeTypes: [
    { type: 'BUSGUEST', name: 'Business Guest' },
    { type: 'EMPLOYEE', name: 'Employee' },
    { type: 'SPOUSE', name: 'Spouse' },
    { type: 'NOSHOWS', name: 'No Shows' },
  ],
  attendees: [{ externalId: 'ATT-0001', type: 'BUSGUEST', firstName: 'Grace', lastName: 'Hopper', company: 'Navy', currencyCode: 'USD' }],
  extractDefinitions: [{ id: 'nYoPK$Expense$Extract01', name: 'Standard Accounting Extract' }],
  paymentBatches: [
    {
      id: 'pBaTch$Open$0001',
      batchId: '5E6F2D1C-8A4B-4C3D-9E2F-1A2B3C4D5E6F',
      name: 'Expense Pay batch',
      currency: 'USD',
      reports: [
        { reportId: 'R-1001', employeeId: 'E0001', amount: 125.5 },
        { reportId: 'R-1002', employeeId: 'E0001', amount: 74.25 },
      ],
    },
    { id: 'pBaTch$Empty$0002', batchId: '0F1E2D3C-4B5A-4697-8877-665544332211', name: 'Empty batch', currency: 'USD' },
  ],
  purchaseOrderPolicies: [{ externalId: 'PO-POLICY' }],
  vendors: [{ code: 'ACME', addressCode: 'MAIN' }],
};
