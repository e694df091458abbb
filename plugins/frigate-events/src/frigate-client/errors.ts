import type { CentinelaError } from '@centinela/core';
import { FrigateErrors } from '../errors';

/** Frigate could not be reached (connection refused, reset, DNS, TLS). */
export class FrigateUnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FrigateUnreachableError';
  }
}

/** Frigate did not connect, send headers or send body data within the timeout. */
export class FrigateTimeoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FrigateTimeoutError';
  }
}

/** Frigate responded with a status the caller did not expect. */
export class FrigateHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly path: string,
    /** The start of the body, for logs; Frigate sends JSON, a bare JSON string or nginx HTML. */
    readonly bodySnippet: string,
  ) {
    super(`HTTP ${statusCode} for ${path}`);
    this.name = 'FrigateHttpError';
  }
}

/** Frigate refused the login or sent no token. */
export class FrigateAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrigateAuthError';
  }
}

/** Frigate returned 200 with a body that is not the expected JSON. */
export class FrigateBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FrigateBodyError';
  }
}

/** Errors raised by the Frigate client. */
export type FrigateClientError =
  | FrigateUnreachableError
  | FrigateTimeoutError
  | FrigateHttpError
  | FrigateAuthError
  | FrigateBodyError;

export function isFrigateClientError(error: unknown): error is FrigateClientError {
  return (
    error instanceof FrigateUnreachableError ||
    error instanceof FrigateTimeoutError ||
    error instanceof FrigateHttpError ||
    error instanceof FrigateAuthError ||
    error instanceof FrigateBodyError
  );
}

/** Map a failed Frigate call to the problem an API client sees: 504 on timeouts, 502 otherwise. */
export function problemFor(error: unknown, what: string): CentinelaError | null {
  const fix =
    "Check that Frigate runs and that the site's Frigate URL is right; GET /api/ready shows its state.";
  if (error instanceof FrigateTimeoutError) {
    return FrigateErrors.frigateTimeout(what, { fix, cause: error });
  }
  if (error instanceof FrigateUnreachableError) {
    return FrigateErrors.frigateUnreachable(error.message, { fix, cause: error });
  }
  if (error instanceof FrigateAuthError) {
    return FrigateErrors.frigateAuthFailed(error.message, {
      fix: 'Check FRIGATE_USER and FRIGATE_PASSWORD against a Frigate user on port 8971.',
      cause: error,
    });
  }
  if (error instanceof FrigateHttpError) {
    return FrigateErrors.frigateBadResponse(`HTTP ${error.statusCode} to ${what}`, {
      fix,
      cause: error,
    });
  }
  if (error instanceof FrigateBodyError) {
    return FrigateErrors.frigateBadResponse(`${error.message} to ${what}`, { fix, cause: error });
  }
  return null;
}
