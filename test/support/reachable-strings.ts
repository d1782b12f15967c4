import { inspect } from 'node:util';

/**
 * Every string a user could see from a value: its own properties (enumerable or not, `stack` and
 * `message` included), nested objects and arrays, the cause chain, `util.inspect` with hidden
 * properties, `JSON.stringify` (through `toJSON`) and `String()`.
 */
export function reachableStrings(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown, depth: number): void => {
    if (typeof node === 'string') {
      out.push(node);
      return;
    }
    if (typeof node !== 'object' || node === null || seen.has(node) || depth > 12) return;
    seen.add(node);
    if (Buffer.isBuffer(node)) {
      out.push(node.toString('utf8'));
      return;
    }
    for (const key of Object.getOwnPropertyNames(node)) {
      const descriptor = Object.getOwnPropertyDescriptor(node, key);
      if (descriptor !== undefined && 'value' in descriptor) walk(descriptor.value, depth + 1);
    }
    if (node instanceof Error) walk(node.cause, depth + 1);
  };
  walk(value, 0);
  out.push(inspect(value, { showHidden: true, depth: 12 }));
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // circular values are walked above
  }
  out.push(String(value));
  return out;
}

const XML_NAMED: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/** The readings of a string once common encodings are undone: percent, form, JSON, XML. */
export function decodings(text: string): string[] {
  const readings = [text];
  try {
    readings.push(decodeURIComponent(text));
  } catch {
    // not percent-encoded as a whole; the pieces below still try
  }
  try {
    readings.push(decodeURIComponent(text.replace(/\+/g, ' ')));
  } catch {
    // idem
  }
  readings.push(text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))).replace(/\\\//g, '/').replace(/\\"/g, '"'));
  readings.push(
    text
      .replace(/&#x([0-9a-fA-F]+);/g, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&#(\d+);/g, (_m, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
      .replace(/&(amp|lt|gt|quot|apos);/g, (entity) => XML_NAMED[entity] ?? entity),
  );
  return readings;
}

/** The secrets (raw or under any of {@link decodings}) found in any string reachable from `value`. */
export function leakedSecrets(value: unknown, secrets: readonly string[]): string[] {
  const leaks = new Set<string>();
  for (const text of reachableStrings(value)) {
    for (const reading of decodings(text)) {
      for (const secret of secrets) if (reading.includes(secret)) leaks.add(secret);
    }
  }
  return [...leaks];
}

/** A secret in the forms a server may echo it: raw, percent, form, JSON (with `\/` and `\uXXXX`), XML. */
export function echoForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const nonAlnum = /[^A-Za-z0-9]/g;
  return [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).toLowerCase(),
    new URLSearchParams({ s: secret }).toString().slice(2),
    json,
    json.replace(/\//g, '\\/'),
    secret.replace(nonAlnum, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`),
    secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    secret.replace(nonAlnum, (c) => `&#${c.charCodeAt(0)};`),
    secret.replace(nonAlnum, (c) => `&#x${c.charCodeAt(0).toString(16)};`),
  ];
}
