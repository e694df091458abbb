/** One invalid field of a rejected request, as in a problem's `errors` extension. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * Failed API call. `status` is 0 when the server could not be reached. The other fields come
 * from the RFC 9457 problem details body (`code` such as `CEN_ERR_AUTH_MFA_REQUIRED`).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly field: string | undefined;
  readonly fix: string | undefined;
  readonly fieldProblems: FieldProblem[];
  readonly body: Record<string, unknown>;

  constructor(message: string, status: number, body: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.code = stringOrUndefined(body['code']);
    this.field = stringOrUndefined(body['field']);
    this.fix = stringOrUndefined(body['fix']);
    this.fieldProblems = readFieldProblems(body, this.field, message);
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reads `errors: [{field, reason}]`, or makes one entry from the problem's own `field`. */
function readFieldProblems(
  body: Record<string, unknown>,
  field: string | undefined,
  message: string,
): FieldProblem[] {
  const errors = body['errors'];
  const problems: FieldProblem[] = [];
  if (Array.isArray(errors)) {
    for (const entry of errors) {
      if (typeof entry !== 'object' || entry === null) continue;
      const item = entry as Record<string, unknown>;
      const name = stringOrUndefined(item['field']);
      const reason = stringOrUndefined(item['reason']) ?? stringOrUndefined(item['message']);
      if (name !== undefined) problems.push({ field: name, reason: reason ?? message });
    }
  }
  if (problems.length === 0 && field !== undefined) problems.push({ field, reason: message });
  return problems;
}

/** Builds an ApiError from a failed response, reading problem+json when the server sent it. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Record<string, unknown>;
      const detail = stringOrUndefined(body['detail']) ?? stringOrUndefined(body['title']);
      return new ApiError(detail ?? `HTTP ${response.status}`, response.status, body);
    } catch {
      // A malformed error body still leaves the status code to report.
    }
  }
  return new ApiError(`HTTP ${response.status} ${response.statusText}`.trim(), response.status);
}

/** Text for an error shown to the user: the problem `detail`, then the `fix` if any. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError)
    return error.fix === undefined ? error.message : `${error.message} ${error.fix}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
