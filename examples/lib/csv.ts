// Just enough CSV (RFC 4180) for the examples: a header line, then one record per line; fields
// may be quoted, with "" for a quote inside. Quoted line breaks are not supported.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** One record, by header name, with its line number in the file. */
export interface CsvRecord {
  line: number;
  fields: Record<string, string>;
}

/** Splits one CSV line into its fields. */
export function parseCsvLine(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}

/** Reads a CSV file record by record (the file is never held in memory whole). */
export async function* readCsv(path: string): AsyncGenerator<CsvRecord> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let header: string[] | undefined;
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    const values = parseCsvLine(line === 1 ? text.replace(/^\uFEFF/, '') : text);
    if (header === undefined) {
      header = values.map((name) => name.trim());
      continue;
    }
    const fields: Record<string, string> = {};
    header.forEach((name, index) => (fields[name] = (values[index] ?? '').trim()));
    yield { line, fields };
  }
}

/** One CSV line (with its line break) for these values; fields are quoted when they need it. */
export function csvLine(values: ReadonlyArray<string | number | undefined>): string {
  const quote = (value: string | number | undefined): string => {
    const text = value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${values.map(quote).join(',')}\n`;
}
