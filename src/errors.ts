/**
 * Named errors the HTTP layer maps to responses: 4xx carry a message that
 * tells the caller what to fix; 503 and 500 bodies are generic (the cause is
 * logged, never returned).
 */
export class BadRequestError extends Error {
  override name = 'BadRequestError';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

export class TenantError extends Error {
  override name = 'TenantError';
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** No, a wrong, a forged or an expired search API key, or one that may not search this index. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export class MethodNotAllowedError extends Error {
  override name = 'MethodNotAllowedError';
  constructor(readonly allowed: string[]) {
    super(`method not allowed; use ${allowed.join(', ')}`);
  }
}

/** Elasticsearch is down, slow, overloaded, or the tenant's index is not built yet: retry shortly. */
export class ServiceUnavailableError extends Error {
  override name = 'ServiceUnavailableError';
  constructor(
    /** Why, for the log; never sent to the caller. */
    readonly reason: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(`search unavailable: ${reason}`);
  }
}
