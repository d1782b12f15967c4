import { ConcurApiError } from './api-error.js';
import { nameErrorClass } from './concur-error.js';

/**
 * 400: the request was malformed, missing a field, over a batch limit, over the request limit, or
 * hit a database deadlock (Concur's HTTP codes page). The last two are retried.
 */
export class BadRequestError extends ConcurApiError {
  /** The class name; `'ConcurAuthError'` for a 400 from the OAuth2 token endpoint. */
  declare readonly name: 'BadRequestError' | 'ConcurAuthError';
  static {
    nameErrorClass(this, 'BadRequestError');
  }
}

/** 401: the request carried no usable Authorization header. */
export class UnauthorizedError extends ConcurApiError {
  /** The class name; `'ConcurAuthError'` for a 401 from the OAuth2 token endpoint. */
  declare readonly name: 'UnauthorizedError' | 'ConcurAuthError';
  static {
    nameErrorClass(this, 'UnauthorizedError');
  }
}

/**
 * 403: the token failed validation, expired or was revoked, or the app has no access to the
 * product or company.
 */
export class ForbiddenError extends ConcurApiError {
  /** The class name; `'ConcurAuthError'` for a 403 from the OAuth2 token endpoint. */
  declare readonly name: 'ForbiddenError' | 'ConcurAuthError';
  static {
    nameErrorClass(this, 'ForbiddenError');
  }
}

/** 404: an id in the path (definition, job, batch, report, image…) does not exist. */
export class NotFoundError extends ConcurApiError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'NotFoundError';
  static {
    nameErrorClass(this, 'NotFoundError');
  }
}

/** 409: the request conflicts with work in progress, e.g. an Extract job already queued or running. */
export class ConflictError extends ConcurApiError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'ConflictError';
  static {
    nameErrorClass(this, 'ConflictError');
  }
}

/** 429: Concur is throttling this client. Retried after `Retry-After` or the configured delay. */
export class TooManyRequestsError extends ConcurApiError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'TooManyRequestsError';
  static {
    nameErrorClass(this, 'TooManyRequestsError');
  }
}

/**
 * 500: Concur could not complete the request, e.g. an exchange rate it cannot compute or a payment
 * batch it cannot close. These are deterministic and not retried.
 */
export class InternalServerError extends ConcurApiError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'InternalServerError';
  static {
    nameErrorClass(this, 'InternalServerError');
  }
}

/** 503: the service is down for maintenance. Retried after five minutes by default. */
export class ServiceUnavailableError extends ConcurApiError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'ServiceUnavailableError';
  static {
    nameErrorClass(this, 'ServiceUnavailableError');
  }
}

/** The class for each status that has one; other statuses use {@link ConcurApiError}. */
export const STATUS_ERROR_CLASSES: Readonly<Record<number, typeof ConcurApiError>> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  429: TooManyRequestsError,
  500: InternalServerError,
  503: ServiceUnavailableError,
};
