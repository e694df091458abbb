/**
 * SQLSTATE classes and codes that mean the database cannot serve right now, as opposed to a
 * bad query: connection exceptions (08) except a protocol violation (08P01, which a NUL
 * character in a parameter causes), operator intervention such as a shutdown or a server
 * still starting (57P01 to 57P03), and insufficient resources (53).
 */
const UNAVAILABLE_SQLSTATES = /^(08(?!P01)|53|57P0[1-3])/;

/** Node socket errors seen when the server is down or restarting. */
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH']);

/** Messages of the pg driver and knex's pool when no connection can be had. */
const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error',
  'Timeout acquiring a connection',
  'the database system is starting up',
  'the database system is shutting down',
  'Query read timeout',
];

/**
 * Tells whether an error, or one of its causes, reports an unreachable database. Such
 * requests get 503 with Retry-After instead of a 500, so clients retry.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string' && (SOCKET_ERRORS.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
