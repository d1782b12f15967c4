// The names a guide's code block may use without defining them, listed in its marker:
// `<!-- example: uses concur, listId -->`. Each is built on demand for the run of one block,
// on that run's fresh simulator. Add a name here when a guide needs a new one, and keep it what a
// reader would expect from the block (a list id is a real list's id; rows are rows of a file).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConcurClient, type BatchItemStatus, type ListItemInput, type PurchaseOrderInput } from '../../../src/index.js';
import { SIMULATOR_OAUTH, SIMULATOR_TOKEN, type Simulator } from '../../../src/simulator/index.js';

/** What the running block's names are built from. Set by the runner before each block. */
export interface RunContext {
  /** The fresh simulator of this run. */
  sim: Simulator;
  /** Called when the run ends (servers to close…). */
  cleanups: Array<() => Promise<void>>;
}

let current: RunContext | undefined;

/** Sets (or clears) the context of the block about to run. @internal */
export function setRunContext(context: RunContext | undefined): void {
  current = context;
}

const headquarters = { externalId: 'HQ-1', address1: '500 Lake St', city: 'Minneapolis', stateProvince: 'MN', postalCode: '55401', countryCode: 'US' };

/** A purchase order the default simulator accepts (policy PO-POLICY, vendor ACME/MAIN). */
const purchaseOrder = (poNumber: string): PurchaseOrderInput => ({
  poNumber,
  policyExternalId: 'PO-POLICY',
  currencyCode: 'USD',
  vendorCode: 'ACME',
  vendorAddressCode: 'MAIN',
  shipTo: headquarters,
  billTo: headquarters,
  orderDate: '2026-03-02',
  lineItems: [{ lineNumber: 1, externalId: 'L1', description: 'Pens', quantity: 20, unitPrice: '0.80', expenseType: 'Supplies' }],
});

const otaSearchResponse = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<OTA_HotelSearchRS xmlns="http://www.opentravel.org/OTA/2003/05" EchoToken="search-1" Version="4" PrimaryLangID="en">
<Success/><Properties><Property HotelCode="HTL4444" HotelName="Lakeside"/></Properties>
</OTA_HotelSearchRS></soap:Body></soap:Envelope>`;

const otaSearchRequest = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<OTA_HotelSearchRQ xmlns="http://www.opentravel.org/OTA/2003/05" EchoToken="search-1" Version="4"/>
</soap:Body></soap:Envelope>`;

/** A loopback "hotel supplier" that answers every request with {@link otaSearchResponse}. */
async function startSupplier(context: RunContext): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' }).end(otaSearchResponse));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  context.cleanups.push(async () => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hotel/search`;
}

const noop = (): void => {};

/** Every name a block may use, and how it is built. */
const FACTORIES = {
  /** The run's simulator: the default seed plus an empty two-level "Office Locations" list. */
  sim: (context: RunContext) => context.sim,
  /** A client on the run's simulator, with Concur's 5-minute retry wait cut to 10 ms. */
  concur: (context: RunContext) =>
    new ConcurClient({ baseUrl: context.sim.url, accessToken: SIMULATOR_TOKEN, retry: { delayMs: 10, deadlockDelayMs: 10 }, timeoutMs: 5_000 }),
  /** The simulator's token, as a string. */
  accessToken: () => SIMULATOR_TOKEN,
  /** The id of the simulator's two-level "Cities" list. */
  listId: (context: RunContext) => {
    const list = context.sim.state.lists.byName('Cities');
    if (list === undefined) throw new Error('The harness simulator has no "Cities" list.');
    return list.id;
  },
  /** Three new items of the "Cities" list, parents first. */
  items: (): ListItemInput[] => [
    { name: 'Canada', level1Code: 'CA' },
    { name: 'Toronto', level1Code: 'CA', level2Code: 'TOR' },
    { name: 'Lyon', level1Code: 'FR', level2Code: 'LYS' },
  ],
  /** Rows read from a file: three good ones and two bad (a number for a code, a missing name). */
  rows: (): ListItemInput[] => [
    { name: 'Germany', level1Code: 'DE' },
    { name: 'Berlin', level1Code: 'DE', level2Code: 'BER' },
    { level1Code: 42, name: 'Hamburg' } as unknown as ListItemInput,
    { level1Code: 'DE', level2Code: 'MUC' } as unknown as ListItemInput,
    { name: 'Bonn', level1Code: 'DE', level2Code: 'BON' },
  ],
  /** One row of a file, not yet checked. */
  row: (): unknown => ({ level1Code: 'US', level2Code: 'BOS', name: 'Boston' }),
  /** One password entry of a file, not yet checked. */
  entry: (): unknown => ({ loginId: 'admin@example.com', password: 'Spring-2026-Reset' }),
  /** One purchase order of a file, not yet checked. */
  order: (): unknown => purchaseOrder('PO-2026-0100'),
  /** Purchase orders the simulator accepts. */
  orders: (): PurchaseOrderInput[] => [purchaseOrder('PO-2026-0101'), purchaseOrder('PO-2026-0102')],
  /** The id of the simulator's "Standard Accounting Extract" definition. */
  definitionId: (context: RunContext) => {
    const [definition] = context.sim.state.extract.definitions();
    if (definition === undefined) throw new Error('The harness simulator has no extract definition.');
    return definition.id;
  },
  /** The result of creating `items` in the "Cities" list, on a fresh client. */
  result: async (context: RunContext) => FACTORIES.concur(context).listItems.create(FACTORIES.listId(context), FACTORIES.items()),
  /** An ERP database: a cursor over its cost centers, and a way to flag a row for review. */
  erp: () => ({
    async *cursor(_sql: string): AsyncGenerator<{ code: string; name: string }> {
      for (let index = 1; index <= 5; index += 1) yield { code: `CC${index}`, name: `Cost center ${index}` };
    },
    async flag(_input: ListItemInput, _status: BatchItemStatus, _message?: string): Promise<void> {},
  }),
  /** The simulator's OAuth2 client id. */
  clientId: () => SIMULATOR_OAUTH.clientId,
  /** The simulator's OAuth2 client secret. */
  clientSecret: () => SIMULATOR_OAUTH.clientSecret,
  /** Where the integration keeps its refresh token between runs. */
  store: () => {
    let refreshToken = SIMULATOR_OAUTH.refreshToken;
    return {
      read: async (): Promise<string> => refreshToken,
      write: async (token: string): Promise<void> => {
        refreshToken = token;
      },
    };
  },
  /** A logger with the usual levels (discards what it gets). */
  logger: () => ({ debug: noop as (...args: unknown[]) => void, info: noop as (...args: unknown[]) => void, warn: noop as (...args: unknown[]) => void, error: noop as (...args: unknown[]) => void }),
  /** The integration's way to ask its user to connect it to Concur again. */
  askUserToReconnect: () => async (): Promise<void> => {},
  /** An OTA response body without an error, as a hotel supplier sent it. */
  body: () => otaSearchResponse,
  /** The OTA request the integration sends to the supplier. */
  searchRequestXml: () => otaSearchRequest,
  /** The URL of a loopback supplier that answers with `body`. */
  supplierUrl: startSupplier,
  /** The password the integration sends to the supplier. */
  supplierPassword: () => 'supplier-password-123',
  /** The supplier settings of the integration. */
  supplierSettings: () => ({ disable: (_messageName: string): void => {} }),
  /** The integration's alerting. */
  alertOps: () => (_text: string): void => {},
  /** A search request as the supplier parsed it from Concur. */
  request: () => ({ echoToken: 'search-1', version: '4' }),
  /** A search request for dates with no availability (the stub handler answers 322). */
  soldOutSearchRequestXml: () => otaSearchRequest,
};

/** The names a block may use. */
export type GivenName = keyof typeof FACTORIES;

/** The values of the names. */
export type Given = { [Name in GivenName]: Awaited<ReturnType<(typeof FACTORIES)[Name]>> };

/** Builds the names a block uses, on the run's simulator. */
export async function given<Name extends GivenName>(names: readonly Name[]): Promise<Pick<Given, Name>> {
  const context = current;
  if (context === undefined) throw new Error('given() runs only inside the docs examples checker.');
  const values: Partial<Given> = {};
  for (const name of names) Object.assign(values, { [name]: await FACTORIES[name](context) });
  return values as Pick<Given, Name>;
}
