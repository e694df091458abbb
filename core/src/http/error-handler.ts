import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CentinelaError } from '../errors/problem';
import { CoreErrors } from '../errors/codes';
import { isDatabaseUnavailable } from './database-errors';

/** Seconds a client waits before retrying while the database is away. */
const DATABASE_RETRY_SECONDS = 5;

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Send a CentinelaError as RFC 9457 problem+json. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: CentinelaError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(error.statusCode)
    .type(PROBLEM_TYPE)
    .send(error.toProblem(request.url.split('?')[0], request.id));
}

/**
 * Turn every error into problem+json with a stable code. Validation errors name the field;
 * unexpected errors are logged with the request id and answered without a stack trace.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | CentinelaError, request, reply) => {
    if (error instanceof CentinelaError) {
      if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: error.code }, 'request refused');
      return sendProblem(reply, request, error);
    }
    const known = fromFastifyError(error as FastifyError);
    if (known !== null) {
      request.log.info({ code: known.code, detail: known.message }, 'request refused');
      return sendProblem(reply, request, known);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return sendProblem(
        reply,
        request,
        CoreErrors.unavailable('The database', {
          fix: `Retry in ${DATABASE_RETRY_SECONDS} s; if it lasts, check that PostgreSQL is running (GET /api/ready).`,
          headers: { 'retry-after': String(DATABASE_RETRY_SECONDS) },
        }),
      );
    }
    request.log.error({ err: error }, 'unexpected error');
    return sendProblem(reply, request, CoreErrors.internal());
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, CoreErrors.routeNotFound(request.method, request.url.split('?')[0] ?? '')),
  );
}

function fromFastifyError(error: FastifyError): CentinelaError | null {
  if (error.validation !== undefined) {
    const first = error.validation[0];
    const context = error.validationContext ?? 'body';
    let field = `${context}${first?.instancePath ?? ''}`;
    const params = (first?.params ?? {}) as Record<string, unknown>;
    if (typeof params.missingProperty === 'string') field = `${field}/${params.missingProperty}`;
    if (typeof params.additionalProperty === 'string') field = `${field}/${params.additionalProperty}`;
    const reason = first?.message ?? 'is invalid';
    return CoreErrors.validation(`${field} ${reason}.`, {
      field,
      fix: `Send a valid value for ${field} (${reason}).`,
    });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return CoreErrors.payloadTooLarge(Number((error as { limit?: number }).limit ?? 0));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return CoreErrors.unsupportedMediaType(String(error.message.split("'")[1] ?? 'unknown'));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return CoreErrors.validation('The request body is not valid JSON.', {
        field: 'body',
        fix: 'Send a JSON document with Content-Type: application/json.',
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return CoreErrors.validation('Content-Length does not match the body.', { field: 'headers/content-length' });
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return CoreErrors.rateLimited(60);
  if (status >= 400 && status < 500) {
    return new CentinelaError('CEN_ERR_BAD_REQUEST', status, 'Bad request', error.message);
  }
  return null;
}
