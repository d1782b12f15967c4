import type { Random } from './random.js';

// Field values for the valid documents: mostly what Concur sends, with the edge cases its
// documents show (links with a space after the scheme, `$` in ids, times without a zone) and the
// ones a reader must survive (huge numbers, impossible dates, links to other hosts).

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789$';

const TEXTS = [
  'Office Locations',
  'Spouse & Family',
  'Oregon <&> Idaho',
  'Zürich Hauptbahnhof',
  '東京オフィス',
  '😀 emoji 𝄞',
  '  padded  ',
  '"quoted" \'single\'',
  ']]>',
  '&amp;',
  '&#x26;',
  'line\nbreak\r\nand\ttab',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  '-1',
  '0042',
  'true',
  'Y',
  'N',
  '\u00a0',
  '\u200b',
  '\u202eevil',
  '\ufeffbom',
];

/** A display text: a word, or one of the texts that trip readers. */
export function text(rng: Random): string {
  const roll = rng.next();
  if (roll < 0.55) return rng.text(rng.int(1, 24), 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.,');
  if (roll < 0.97) return rng.pick(TEXTS);
  // One code unit at a time: no astral characters here, or a pick could split a surrogate pair.
  return rng.text(rng.int(200, 5000), 'abcdefghij &<>"\'é東');
}

/** An encrypted id as Concur writes them (`gWqK$pR4x1Lq`), sometimes empty or odd. */
export function opaqueId(rng: Random): string {
  return rng.choose([
    [90, () => rng.text(rng.int(6, 34), ID_ALPHABET)],
    [2, () => ''],
    [2, () => '..'],
    [2, () => '%2e%2e'],
    [2, () => 'a/b?c#d'],
    [2, () => '%E0%A4%A'],
  ]);
}

const HOSTS = [
  'https://www.concursolutions.com',
  'http://www.concursolutions.com',
  'https://us2.api.concursolutions.com',
  'https://concur.example.com',
  'http:// www.concursolutions.com',
  '  https://www.concursolutions.com',
  'https://concursolutions.com.evil.example',
  'https://user:pass@www.concursolutions.com',
  'https://www.concursolutions.com:8443',
  'HTTPS://WWW.CONCURSOLUTIONS.COM',
  'https://[::1]',
  'https://xn--80ak6aa92e.com',
  '',
];

/** A link Concur returned: to a documented host, to another host, relative, or broken. */
export function link(rng: Random, path: string): string {
  return rng.choose([
    [70, () => `${rng.pick(HOSTS)}${path}`],
    [6, () => path],
    [3, () => `${path}?a=1&a=2`],
    [3, () => `${path}/../../x`],
    [2, () => 'javascript:alert(1)'],
    [2, () => 'http://[::1'],
    [2, () => '%'],
    [2, () => ''],
    [2, () => `https://www.concursolutions.com${path}#frag`],
    [2, () => `https://www.concursolutions.com${path.replace(/\//g, '\\')}`],
    [2, () => `//evil.example${path}`],
    [2, () => `https://www.concursolutions.com/${'a/'.repeat(rng.int(50, 2000))}`],
  ]);
}

/** A whole number as Concur writes counters, or text that is not quite one. */
export function count(rng: Random, max = 10): string {
  return rng.choose([
    [80, () => String(rng.int(0, max))],
    [2, () => ` ${rng.int(0, max)} `],
    [2, () => '-1'],
    [2, () => '9'.repeat(rng.int(16, 400))],
    [2, () => '1e3'],
    [2, () => '0x10'],
    [2, () => '3.5'],
    [2, () => ''],
    [2, () => 'NaN'],
    [2, () => 'Infinity'],
    [2, () => '٣'],
  ]);
}

/** An amount: a decimal, or text that is not one. */
export function amount(rng: Random): string {
  return rng.choose([
    [80, () => `${rng.int(0, 99999)}.${rng.int(0, 99)}`],
    [3, () => '-12.5'],
    [3, () => `${'9'.repeat(rng.int(300, 400))}.5`],
    [3, () => '1,234.56'],
    [3, () => ''],
    [3, () => 'abc'],
    [3, () => '1e309'],
  ]);
}

/** A time as Concur writes them (with and without a zone, with fractions), or a broken one. */
export function time(rng: Random): string {
  return rng.weighted([
    [40, '2026-11-25T02:00:05Z'],
    [20, '2026-11-25T02:00:05.37'],
    [10, '2026-11-25T02:00'],
    [5, '2026-11-25T02:00:05+02:00'],
    [5, '2026-02-30T25:61:61'],
    [5, '9999-99-99T99:99:99Z'],
    [5, '+275760-09-13T00:00:00Z'],
    [5, 'yesterday'],
    [5, '2026-11-25T02:00:05+99:99'],
  ]);
}

/** A Y/N flag, another casing, or nonsense. */
export function flag(rng: Random): string {
  return rng.pick(['Y', 'N', 'y', 'n', ' Y ', 'true', 'false', '', '1', 'YES']);
}

/** Sometimes the same element name in another casing (Concur varies `Batch-URL` / `Batch-Url`). */
export function cased(rng: Random, name: string): string {
  if (!rng.chance(0.05)) return name;
  return rng.pick([name.toUpperCase(), name.toLowerCase(), name.charAt(0).toLowerCase() + name.slice(1)]);
}

/** Each field of `fields` kept with probability `keep`, its name sometimes in another casing. */
export function someOf(rng: Random, fields: Record<string, unknown>, keep = 0.9): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) if (rng.chance(keep)) out[cased(rng, name)] = value;
  return out;
}

/** How many elements a list holds: mostly a few, sometimes none or one, rarely thousands. */
export function listLength(rng: Random): number {
  return rng.choose([
    [30, () => 1],
    [40, () => rng.int(2, 6)],
    [15, () => 0],
    [12, () => rng.int(7, 50)],
    [3, () => rng.int(500, 5000)],
  ]);
}
