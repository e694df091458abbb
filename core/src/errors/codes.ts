import { defineError } from './problem';

/** Errors raised by the core. Plugins define their own in their `errors.ts`. */
export const CoreErrors = {
  validation: defineError(
    'CEN_ERR_VALIDATION',
    400,
    'Invalid request',
    (detail: string) => detail,
  ),
  unauthenticated: defineError(
    'CEN_ERR_AUTH_REQUIRED',
    401,
    'Authentication required',
    () => 'This request needs a signed-in user.',
  ),
  forbidden: defineError(
    'CEN_ERR_RBAC_FORBIDDEN',
    403,
    'Forbidden',
    (permission: string) => `Your role does not grant the permission "${permission}".`,
  ),
  passwordChangeRequired: defineError(
    'CEN_ERR_AUTH_PASSWORD_CHANGE_REQUIRED',
    403,
    'Password change required',
    () => 'Change your one-time password before doing anything else.',
    ),
  notFound: defineError('CEN_ERR_NOT_FOUND', 404, 'Not found', (what: string) => `${what} not found.`),
  routeNotFound: defineError(
    'CEN_ERR_ROUTE_NOT_FOUND',
    404,
    'Not found',
    (method: string, url: string) => `No route ${method} ${url}.`,
  ),
  payloadTooLarge: defineError(
    'CEN_ERR_PAYLOAD_TOO_LARGE',
    413,
    'Payload too large',
    (limit: number) => `The request body is larger than ${limit} bytes.`,
  ),
  unsupportedMediaType: defineError(
    'CEN_ERR_UNSUPPORTED_MEDIA_TYPE',
    415,
    'Unsupported media type',
    (type: string) => `Content type "${type}" is not accepted; send application/json.`,
  ),
  rateLimited: defineError(
    'CEN_ERR_RATE_LIMITED',
    429,
    'Too many requests',
    (retryAfterSeconds: number) => `Too many requests; retry in ${retryAfterSeconds} s.`,
  ),
  unavailable: defineError(
    'CEN_ERR_SERVICE_UNAVAILABLE',
    503,
    'Service unavailable',
    (what: string) => `${what} is not available right now.`,
  ),
  internal: defineError(
    'CEN_ERR_INTERNAL',
    500,
    'Internal error',
    () => 'The server failed to handle the request; the request id identifies it in the logs.',
  ),
  pluginUnknown: defineError(
    'CEN_ERR_PLUGIN_UNKNOWN',
    404,
    'Plugin not found',
    (name: string) => `No plugin named "${name}" is available.`,
  ),
  pluginMandatory: defineError(
    'CEN_ERR_PLUGIN_MANDATORY',
    409,
    'Plugin cannot be removed',
    (name: string) => `The plugin "${name}" is mandatory and cannot be removed.`,
  ),
  pluginHasDependents: defineError(
    'CEN_ERR_PLUGIN_HAS_DEPENDENTS',
    409,
    'Plugin is needed by other plugins',
    (name: string, dependents: string[]) =>
      `The plugin "${name}" cannot be removed while ${dependents.join(', ')} ${dependents.length === 1 ? 'depends' : 'depend'} on it.`,
  ),
  pluginMissingDependency: defineError(
    'CEN_ERR_PLUGIN_MISSING_DEPENDENCY',
    409,
    'Plugin dependency not installed',
    (name: string, missing: string[]) =>
      `The plugin "${name}" needs ${missing.join(', ')} installed on this site first.`,
  ),
  pluginConfigInvalid: defineError(
    'CEN_ERR_PLUGIN_CONFIG_INVALID',
    422,
    'Plugin configuration is invalid',
    (name: string, reason: string) => `Configuration for "${name}" is invalid: ${reason}.`,
  ),
  pluginRefused: defineError(
    'CEN_ERR_PLUGIN_REFUSED',
    422,
    'Plugin was refused at load',
    (name: string, reason: string) => `The plugin "${name}" was not loaded: ${reason}`,
  ),
  purgeNotConfirmed: defineError(
    'CEN_ERR_PLUGIN_PURGE_UNCONFIRMED',
    400,
    'Purge needs confirmation',
    (name: string) => `Purging the data of "${name}" needs confirm=${name}.`,
  ),
  siteUnknown: defineError(
    'CEN_ERR_SITE_UNKNOWN',
    404,
    'Site not found',
    (id: string) => `No site with id "${id}".`,
  ),
};
