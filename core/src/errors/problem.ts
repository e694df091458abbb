/**
 * Errors that reach an HTTP client. Each carries a stable `code` (never reused once retired),
 * an HTTP status, and optionally the offending `field` and a `fix` the caller can act on. The
 * error handler turns them into RFC 9457 problem+json with the same code.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  field?: string;
  fix?: string;
  instance?: string;
  request_id?: string;
  [extension: string]: unknown;
}

export interface ErrorOptions {
  field?: string;
  fix?: string;
  /** Extra members copied into the problem document (snake_case). */
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
}

export class CentinelaError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly title: string;
  readonly field: string | undefined;
  readonly fix: string | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(code: string, statusCode: number, title: string, detail: string, options: ErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CentinelaError';
    this.code = code;
    this.statusCode = statusCode;
    this.title = title;
    this.field = options.field;
    this.fix = options.fix;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toProblem(instance?: string, requestId?: string): ProblemDetails {
    const problem: ProblemDetails = {
      type: `urn:centinela:problem:${this.code}`,
      title: this.title,
      status: this.statusCode,
      detail: this.message,
      code: this.code,
      ...this.extensions,
    };
    if (this.field !== undefined) problem.field = this.field;
    if (this.fix !== undefined) problem.fix = this.fix;
    if (instance !== undefined) problem.instance = instance;
    if (requestId !== undefined) problem.request_id = requestId;
    return problem;
  }
}

export type ErrorFactory<A extends unknown[]> = ((...args: [...A, ErrorOptions?]) => CentinelaError) & {
  code: string;
  statusCode: number;
};

/**
 * Define an error code once, with its status and a message template built from arguments.
 * `defineError('CEN_ERR_EVENT_NOT_FOUND', 404, 'Event not found', (id: string) => ...)`.
 */
export function defineError<A extends unknown[]>(
  code: string,
  statusCode: number,
  title: string,
  message: (...args: A) => string,
): ErrorFactory<A> {
  const factory = (...args: [...A, ErrorOptions?]): CentinelaError => {
    const last = args[args.length - 1];
    const hasOptions = args.length > message.length && typeof last === 'object' && last !== null;
    const options = hasOptions ? (last as ErrorOptions) : {};
    const messageArgs = (hasOptions ? args.slice(0, -1) : args) as A;
    return new CentinelaError(code, statusCode, title, message(...messageArgs), options);
  };
  return Object.assign(factory, { code, statusCode });
}
