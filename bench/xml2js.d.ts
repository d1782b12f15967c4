// Just enough of xml2js 0.6 for the codec baseline (the package ships no types and
// @types/xml2js is not installed).
declare module 'xml2js' {
  export interface ParserOptions {
    explicitArray?: boolean;
    trim?: boolean;
    async?: boolean;
  }
  export class Parser {
    constructor(options?: ParserOptions);
    parseString(text: string, callback: (error: Error | null, result: unknown) => void): void;
  }
  export interface BuilderOptions {
    rootName?: string;
    headless?: boolean;
    xmldec?: { version: string; encoding?: string; standalone?: boolean };
    renderOpts?: { pretty: boolean; indent?: string; newline?: string };
  }
  export class Builder {
    constructor(options?: BuilderOptions);
    buildObject(value: unknown): string;
  }
}
