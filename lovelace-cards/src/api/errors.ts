import type { Problem } from './types';

/**
 * Failed API call. `status` is 0 when the server could not be reached. The other fields
 * come from the RFC 9457 problem details body when the server sent one.
 */
export class CentinelaApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly field: string | undefined;
  readonly fix: string | undefined;
  readonly url: string;

  constructor(message: string, status: number, url: string, problem?: Partial<Problem>) {
    super(message);
    this.name = 'CentinelaApiError';
    this.status = status;
    this.url = url;
    this.code = problem?.code;
    this.field = problem?.field;
    this.fix = problem?.fix;
  }
}

export async function errorFromResponse(
  response: Response,
  url: string,
): Promise<CentinelaApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const problem = (await response.json()) as Partial<Problem>;
      const message = problem.detail ?? problem.title ?? `HTTP ${response.status}`;
      return new CentinelaApiError(message, response.status, url, problem);
    } catch {
      // A malformed error body still leaves the status code to report.
    }
  }
  return new CentinelaApiError(
    `HTTP ${response.status} ${response.statusText}`.trim(),
    response.status,
    url,
  );
}
