import { describe, expect, it } from 'vitest';
import { parseEnvFile, readText } from './helpers';

const text = readText('.env.example');
const entries = parseEnvFile(text);
const SECRET_NAME = /PASS|SECRET|TOKEN|_KEY$/;
// Values Centinela and docker compose reject, so a copied example cannot run as is.
const PLACEHOLDERS = new Set(['', 'change-me']);

describe('.env.example', () => {
  it('leaves every secret empty or as a placeholder', () => {
    const secrets = [...entries].filter(([name]) => SECRET_NAME.test(name));
    expect(secrets.length).toBeGreaterThan(5);
    for (const [name, value] of secrets) expect(PLACEHOLDERS.has(value), name).toBe(true);
  });

  it('explains every variable with a comment above it', () => {
    const lines = text.split('\n');
    for (const [index, line] of lines.entries()) {
      if (!/^[A-Z]/.test(line)) continue;
      // Walk up over the other variables of the same group to the group's comment.
      let above = index - 1;
      while (above >= 0 && /^[A-Z]/.test(lines[above] as string)) above -= 1;
      expect(lines[above], line).toMatch(/^#/);
    }
  });

  it('is not ignored by git while .env is', () => {
    const gitignore = readText('.gitignore').split('\n');
    expect(gitignore).toContain('.env');
    expect(gitignore).not.toContain('.env*');
  });
});
