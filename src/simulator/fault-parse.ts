import { FAULT_KINDS, type FaultKind, type FaultSpec } from './fault-types.js';

// Fault descriptions from outside the process: JSON for the control endpoint, text for the CLI.

const KIND_ALIASES: Readonly<Record<string, FaultKind>> = {
  ...Object.fromEntries(FAULT_KINDS.map((kind) => [kind.toLowerCase(), kind])),
  '503': 'maintenance',
  'request-limit': 'requestLimit',
  'too-many-requests': 'tooManyRequests',
  '429': 'tooManyRequests',
  'server-error': 'serverError',
  '500': 'serverError',
  'no-response': 'noResponse',
  hang: 'noResponse',
  timeout: 'noResponse',
};

const KEY_ALIASES: Readonly<Record<string, keyof FaultSpec>> = {
  requests: 'count',
  times: 'count',
  p: 'probability',
  for: 'durationMs',
  retryafter: 'retryAfterSeconds',
  delay: 'delayMs',
};

const NUMBER_KEYS = new Set<keyof FaultSpec>(['count', 'probability', 'durationMs', 'skip', 'retryAfterSeconds', 'status', 'delayMs']);
const BOOLEAN_KEYS = new Set<keyof FaultSpec>(['processed', 'abort']);
const STRING_KEYS = new Set<keyof FaultSpec>(['method', 'path', 'message']);
const CANONICAL = new Map<string, keyof FaultSpec>([...NUMBER_KEYS, ...BOOLEAN_KEYS, ...STRING_KEYS].map((key) => [key.toLowerCase(), key]));

function kindOf(value: unknown): FaultKind {
  const kind = typeof value === 'string' ? KIND_ALIASES[value.toLowerCase()] : undefined;
  if (kind === undefined) throw new TypeError(`Unknown fault kind ${JSON.stringify(value)}; use one of ${FAULT_KINDS.join(', ')}.`);
  return kind;
}

function keyOf(name: string): keyof FaultSpec {
  const key = CANONICAL.get(name.toLowerCase()) ?? KEY_ALIASES[name.toLowerCase()];
  if (key === undefined) throw new TypeError(`Unknown fault option "${name}".`);
  return key;
}

function convert(key: keyof FaultSpec, value: unknown): unknown {
  if (NUMBER_KEYS.has(key)) {
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || Number.isNaN(number)) throw new TypeError(`Fault option ${key} must be a number.`);
    return number;
  }
  if (BOOLEAN_KEYS.has(key)) {
    if (value === true || value === 'true' || value === '') return true;
    if (value === false || value === 'false') return false;
    throw new TypeError(`Fault option ${key} must be true or false.`);
  }
  if (typeof value !== 'string') throw new TypeError(`Fault option ${key} must be a string.`);
  return value;
}

/**
 * A fault from parsed JSON, e.g. `{"kind": "maintenance", "count": 3, "retryAfterSeconds": 5}`.
 * Kind names and option names are also accepted in the CLI's spellings (`no-response`, `requests`).
 */
export function faultFromJson(value: unknown): FaultSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('A fault must be a JSON object with a "kind".');
  const spec: Record<string, unknown> = { kind: kindOf((value as Record<string, unknown>)['kind']) };
  for (const [name, raw] of Object.entries(value)) {
    if (name === 'kind' || raw === undefined || raw === null) continue;
    const key = keyOf(name);
    spec[key] = convert(key, raw);
  }
  return spec as unknown as FaultSpec;
}

/**
 * A fault from the CLI's `--fault` text: `kind[:key=value,key=value…]`, e.g.
 * `maintenance:requests=3,retryAfter=5` or `no-response:method=POST,path=/api/**,processed`.
 */
export function faultFromText(text: string): FaultSpec {
  const colon = text.indexOf(':');
  const kind = colon === -1 ? text : text.slice(0, colon);
  const options: Record<string, unknown> = { kind };
  const rest = colon === -1 ? '' : text.slice(colon + 1);
  for (const pair of rest.split(',').filter((part) => part.trim() !== '')) {
    const equals = pair.indexOf('=');
    const name = (equals === -1 ? pair : pair.slice(0, equals)).trim();
    options[name] = equals === -1 ? '' : pair.slice(equals + 1).trim();
  }
  return faultFromJson(options);
}
