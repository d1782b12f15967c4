import { ConcurError, nameErrorClass, type ConcurErrorOptions } from './concur-error.js';

/** Options of {@link ConcurTimeoutError}. */
export interface ConcurTimeoutErrorOptions extends ConcurErrorOptions {
  /** The per-attempt limit that ran out, in milliseconds. */
  timeoutMs: number;
}

/**
 * No response arrived within `timeoutMs` (Concur promises one within 60 s). Retried after five
 * minutes by default; thrown once the retries run out.
 */
export class ConcurTimeoutError extends ConcurError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'ConcurTimeoutError' | 'ExtractJobTimeoutError';
  /** The per-attempt limit that ran out, in milliseconds. */
  readonly timeoutMs: number;

  static {
    nameErrorClass(this, 'ConcurTimeoutError');
  }

  constructor(message: string, options: ConcurTimeoutErrorOptions) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
  }
}

/** Options of {@link ConcurNetworkError}. */
export interface ConcurNetworkErrorOptions extends ConcurErrorOptions {
  /** The system error code, e.g. `ECONNRESET` or `ECONNREFUSED`. */
  code?: string | undefined;
}

/** The connection failed before a response arrived: reset, refused, DNS failure, TLS failure. */
export class ConcurNetworkError extends ConcurError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'ConcurNetworkError' | 'ConcurProxyError';
  /** The system error code, e.g. `ECONNRESET`, when Node gave one. */
  readonly code: string | undefined;

  static {
    nameErrorClass(this, 'ConcurNetworkError');
  }

  constructor(message: string, options: ConcurNetworkErrorOptions = {}) {
    super(message, options);
    this.code = options.code;
  }
}

/** Options of {@link ConcurProxyError}. */
export interface ConcurProxyErrorOptions extends ConcurNetworkErrorOptions {
  /** The status the proxy answered the tunnel request (`CONNECT`) with, e.g. 407 or 502. */
  proxyStatus: number;
}

/**
 * The configured proxy refused to open a tunnel to Concur (its answer to `CONNECT` was not 200),
 * so nothing reached Concur. A 407 means the proxy wants (other) credentials: check the `proxy`
 * option or `HTTPS_PROXY`. A 502, 503 or 504 means the proxy could not reach Concur and is
 * retried like a refused connection.
 *
 * @example
 * ```ts
 * if (error instanceof ConcurProxyError && error.proxyStatus === 407) console.error('check the proxy credentials');
 * ```
 */
export class ConcurProxyError extends ConcurNetworkError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'ConcurProxyError';
  /** The proxy's status for the tunnel request. */
  readonly proxyStatus: number;

  static {
    nameErrorClass(this, 'ConcurProxyError');
  }

  constructor(message: string, options: ConcurProxyErrorOptions) {
    super(message, options);
    this.proxyStatus = options.proxyStatus;
  }
}

/** The caller's `AbortSignal` fired; the request and any retry wait were cancelled. */
export class ConcurAbortError extends ConcurError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'ConcurAbortError';
  static {
    nameErrorClass(this, 'ConcurAbortError');
  }
}

/** Options of {@link ConcurResponseError}. */
export interface ConcurResponseErrorOptions extends ConcurErrorOptions {
  /** HTTP status of the response that could not be used. */
  status?: number | undefined;
  /** The start of the body, bounded to a few KB. */
  body?: string | undefined;
}

/**
 * A successful (2xx) response that cannot be used: its body does not parse, is not the expected
 * format, or exceeds the configured size limit.
 */
export class ConcurResponseError extends ConcurError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'ConcurResponseError';
  /** HTTP status of the response. */
  readonly status: number | undefined;
  /** The start of the body, bounded to a few KB. */
  readonly body: string | undefined;

  static {
    nameErrorClass(this, 'ConcurResponseError');
  }

  constructor(message: string, options: ConcurResponseErrorOptions = {}) {
    // A response came, so Concur received the request: it may well have been processed.
    super(message, { mayHaveBeenProcessed: true, ...options });
    this.status = options.status;
    this.body = options.body;
  }
}
