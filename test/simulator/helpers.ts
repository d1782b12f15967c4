import { afterEach } from 'vitest';
import { SIMULATOR_TOKEN, startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { childOf, elements, isElement, type XmlElement } from '../../src/xml/nodes.js';
import { parseXml } from '../../src/xml/parser.js';

const running: Simulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

/** Starts a simulator that is closed after the test. */
export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator(options);
  running.push(sim);
  return sim;
}

/** A clock that tests move by hand. */
export function manualClock(start = Date.UTC(2026, 10, 25, 10, 0, 0)): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/** Options of {@link call}. */
export interface CallOptions {
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** The token to send; `null` sends no Authorization header. */
  token?: string | null;
  scheme?: string;
  signal?: AbortSignal;
}

/** A raw HTTP call to the simulator with fetch, `Bearer SIMULATOR_TOKEN` unless told otherwise. */
export async function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<{ status: number; headers: Headers; text: string; bytes: Buffer }> {
  const headers: Record<string, string> = { Accept: 'application/xml', ...options.headers };
  const token = options.token === undefined ? SIMULATOR_TOKEN : options.token;
  if (token !== null) headers['Authorization'] = `${options.scheme ?? 'Bearer'} ${token}`;
  if (typeof options.body === 'string' && headers['Content-Type'] === undefined) headers['Content-Type'] = 'application/xml; charset=utf-8';
  const response = await fetch(sim.url + path, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, text: bytes.toString('utf8'), bytes };
}

/** The root element of an XML body, parsed with the SDK's parser (namespaces kept as attributes). */
export function root(text: string, name: string): XmlElement {
  const node = childOf(parseXml(text, { strict: true }), name, true);
  if (node === '') return {};
  if (!isElement(node)) throw new Error(`No <${name}> root in: ${text.slice(0, 300)}`);
  return node;
}

/** The default namespace declared on a document's root element (the parser drops declarations). */
export function namespaceOf(text: string): string | undefined {
  return /^(?:<\?xml[^>]*>)?\s*<[^\s>]+[^>]*?\sxmlns="([^"]*)"/.exec(text)?.[1];
}

/** Text of a child element. */
export function text(element: XmlElement, name: string): string | undefined {
  const node = childOf(element, name, true);
  return typeof node === 'string' ? node : undefined;
}

/** The errors of a legacy batch result, each as a record of its children's text. */
export function batchErrors(result: XmlElement): Array<Record<string, string>> {
  return elements(result, 'errors', 'error').map((error) => Object.fromEntries(Object.entries(error).map(([key, value]) => [key, String(value)])));
}

/** A namespaced batch document, built by string for readability of the tests' input. */
export function xmlDoc(root: string, namespace: string | undefined, inner: string): string {
  const ns = namespace === undefined ? '' : ` xmlns="${namespace}"`;
  return `<?xml version="1.0" encoding="utf-8"?><${root}${ns}>${inner}</${root}>`;
}

export const NS = {
  list: 'http://www.concursolutions.com/api/expense/list/2010/02',
  attendee: 'http://www.concursolutions.com/api/expense/attendee/2010/05',
  user: 'http://www.concursolutions.com/api/user/2011/02',
  extract: 'http://www.concursolutions.com/api/expense/extract/2010/02',
  image: 'http://www.concursolutions.com/api/image/2011/02',
  paymentBatch: 'http://www.concursolutions.com/api/expense/paymentbatch/2011/11',
  purchaseOrder: 'http://www.concursolutions.com/api/invoice/purchaseorder/2011/03',
};

/** The Cities list of the default seed. */
export const CITIES_ID = 'gWqCities$pZmcowMR01';
