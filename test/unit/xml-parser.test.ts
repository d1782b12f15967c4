import { describe, expect, it } from 'vitest';
import { parseXml, XmlParseFailure } from '../../src/xml/parser.js';

describe('parseXml', () => {
  it('reads a large ordinary document full of escaped characters', () => {
    const doc = `<list-items>${'<list-item><name>Smith &amp; Sons &lt;UK&gt;</name></list-item>'.repeat(2000)}</list-items>`;
    const parsed = parseXml(doc, { strict: true }) as { 'list-items': { 'list-item': Array<{ name: string }> } };
    expect(parsed['list-items']['list-item']).toHaveLength(2000);
    expect(parsed['list-items']['list-item'][1999]?.name).toBe('Smith & Sons <UK>');
  });

  it('still refuses an entity expansion attack', () => {
    const entities = ['<!ENTITY a "aaaaaaaaaa">', ...'bcdef'.split('').map((name, i) => `<!ENTITY ${name} "${`&${'abcde'[i]};`.repeat(10)}">`)].join('');
    const doc = `<?xml version="1.0"?><!DOCTYPE r [${entities}]><r>${'&f;'.repeat(50)}</r>`;
    let size = 0;
    try {
      size = JSON.stringify(parseXml(doc)).length;
    } catch (error) {
      expect(error).toBeInstanceOf(XmlParseFailure);
    }
    expect(size).toBeLessThan(200_000);
  });

  // Regression (issue "Hardening" 13): a declared entity was left unexpanded in values (`&e;`).
  it('refuses any DOCTYPE, and names an HTML page as one', () => {
    const declared = '<?xml version="1.0"?><!DOCTYPE lists [<!ENTITY e "injected">]><lists><list><name>&e;</name></list></lists>';
    expect(() => parseXml(declared, { strict: true })).toThrow(/DOCTYPE declaration, which is refused/);
    expect(() => parseXml(declared)).toThrow(XmlParseFailure);
    expect(() => parseXml('<!doctype lists><lists/>')).toThrow(/DOCTYPE/);
    expect(() => parseXml('<!DOCTYPE html><html><body>502</body></html>')).toThrow(/HTML page/);
  });

  it('keeps values as text and refuses __proto__ tags, deep nesting and oversized input', () => {
    expect(parseXml('<r><id>007</id><flag>true</flag></r>')).toEqual({ r: { id: '007', flag: 'true' } });
    expect(() => parseXml('<r><__proto__><x>1</x></__proto__></r>')).toThrow(XmlParseFailure);
    expect(() => parseXml(`${'<a>'.repeat(150)}${'</a>'.repeat(150)}`)).toThrow(XmlParseFailure);
    expect(() => parseXml('<r/>', { maxChars: 3 })).toThrow(XmlParseFailure);
  });
});
