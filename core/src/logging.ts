import type { LoggerOptions } from 'pino';

/**
 * Paths pino removes from every log line. Tokens, passwords, TOTP secrets and rclone
 * configuration never reach the logs, whichever object they travel in.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.access_token',
  '*.refresh_token',
  '*.token',
  '*.secret',
  '*.code',
  '*.recovery_code',
  '*.rclone_config_pass',
  '*.RCLONE_CONFIG_PASS',
  '*.secretKey',
  '*.adminPassword',
  '*.frigatePassword',
  '*.rcloneConfigPass',
  '*.homeAssistantToken',
  '*.supervisorToken',
  '*.databaseUrl',
  '*.mqttUrl',
];

/** Strip credentials (query tokens, signed media link tokens) from a URL before it is logged. */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&](?:access_token|token|sig|signature)=)[^&]*/gi, '$1[REDACTED]')
    .replace(/(\/api\/media\/)[^/?#]+/g, '$1[REDACTED]');
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    serializers: {
      req(request: { method: string; url: string; id: string; ip?: string }) {
        return { method: request.method, url: redactUrl(request.url), id: request.id, ip: request.ip };
      },
    },
  };
}
