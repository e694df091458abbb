import { readFileSync } from 'node:fs';

export const REDACTED = '[REDACTED]';

/** Environment variable names whose values are secrets (rclone config pass, remote options). */
const SECRET_ENV_NAME = /^RCLONE_.*(PASS|TOKEN|SECRET|KEY|CREDENTIALS)/i;

/** Config file options whose values are secrets (obscured passwords, OAuth tokens, keys). */
const SECRET_CONFIG_LINE =
  /^\s*(password2?|pass|token|client_secret|secret_access_key|access_key_id|key|sa_credentials|service_account_credentials)\s*=\s*(.+?)\s*$/i;

/**
 * Secrets that appear as `name=value`, `name="value"` or JSON `"name":"value"` in rclone
 * messages, for example the `-vv` line `Setting password="..." from environment variable`
 * or an on-the-fly remote `:crypt,password=...:` echoed in the argument list.
 */
const SECRET_ASSIGNMENT =
  /((?:password2?|pass|token|client_secret|access_token|refresh_token|secret_access_key|sa_credentials)\\?"?\s*[=:]\s*\\?"?)([^"\\,\s:}]+)/gi;

/** Minimum length of a value treated as a secret, so that flags like "1" are not blanked out. */
const MIN_SECRET_LENGTH = 4;

/** Removes known secret values and secret-looking assignments from log text. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: string | undefined): void {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) return;
    this.secrets.add(value);
    // rclone quotes values in its messages, so a JSON token also appears with escaped quotes.
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.secrets.add(escaped);
  }

  addFromEnv(env: Record<string, string | undefined>): void {
    for (const [name, value] of Object.entries(env)) {
      if (SECRET_ENV_NAME.test(name)) this.add(value);
    }
  }

  /** Adds secret values from a plain rclone config file; an encrypted or missing file adds none. */
  addFromConfigFile(path: string): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    for (const line of text.split('\n')) {
      const match = SECRET_CONFIG_LINE.exec(line);
      if (match) this.add(match[2]);
    }
  }

  redact(text: string): string {
    let result = text;
    // Longest first, so that a secret containing another is removed whole.
    const ordered = [...this.secrets].sort((a, b) => b.length - a.length);
    for (const secret of ordered) result = result.split(secret).join(REDACTED);
    return result.replace(SECRET_ASSIGNMENT, `$1${REDACTED}`);
  }
}
