/**
 * fast-xml-parser's own rules, as the fast reader must apply them to give the same tree (options
 * in fxp-parser.ts; fast-xml-parser 5.12, @nodable/entities 3.1). Each function answers
 * `undefined` where the reader must leave the document to fast-xml-parser.
 */

// Names as fast-xml-parser's validator accepts them (its util.js `isName`). ASCII names are
// checked by table; others by this expression.
const NAME_START = ':A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
// eslint-disable-next-line no-misleading-character-class -- U+0300-U+036F stand alone in the class, as in isName
const XML_NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.\\d\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);
// U+1680 and U+FEFF are name characters there, but the parser splits tags at any `\s`:
// `<a\uFEFFb>` validates as one name and parses as `a`. Such names are left to it.
const JS_SPACE = /\s/;

/** For ASCII codes: 1 may start a name, 2 may continue one. */
export const ASCII_NAME = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_:') ASCII_NAME[c.charCodeAt(0)] = 3;
for (const c of '0123456789-.') ASCII_NAME[c.charCodeAt(0)] = 2;

/** True for a name with characters beyond ASCII that the validator and the parser read alike. */
export function isWideName(name: string): boolean {
  return XML_NAME.test(name) && !JS_SPACE.test(name);
}

/** The key fast-xml-parser gives an element (removeNSPrefix, then its reserved-name rules). */
export function tagKey(raw: string): string | undefined {
  let local = raw;
  const colon = raw.indexOf(':');
  if (colon !== -1) {
    // It keeps what follows the first colon; `a:b:c` and `a:` are left to it.
    if (colon === raw.length - 1 || raw.indexOf(':', colon + 1) !== -1) return undefined;
    local = raw.slice(colon + 1);
  }
  switch (local) {
    case '__proto__':
    case 'constructor':
    case 'prototype':
      return undefined; // it refuses these (strictReservedNames); let it say so
    case 'hasOwnProperty':
    case 'toString':
    case 'valueOf':
    case '__defineGetter__':
    case '__defineSetter__':
    case '__lookupGetter__':
    case '__lookupSetter__':
      return `__${local}`; // its onDangerousProperty default
    default:
      return local;
  }
}

/** The key of an attribute, or '' for one fast-xml-parser drops (namespace declarations). */
export function attributeKey(raw: string): string {
  if (raw.indexOf(':') === -1) return raw === 'xmlns' ? '' : `@_${raw}`;
  // Its resolveNameSpace: split on every colon; `xmlns:*` dropped, `p:x` read `x`, `a:b:c` kept.
  const parts = raw.split(':');
  if (parts[0] === 'xmlns') return '';
  if (parts.length !== 2) return `@_${raw}`;
  return parts[1] === '' ? '' : `@_${parts[1]}`;
}
