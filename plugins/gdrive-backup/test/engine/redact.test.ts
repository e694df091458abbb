import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/engine/redact';

const token = '{"access_token":"ya29.abcdef","token_type":"Bearer","refresh_token":"1//0gxyz"}';

describe('Redactor', () => {
  it('removes secret env values, also JSON-escaped', () => {
    const redactor = new Redactor();
    redactor.addFromEnv({ RCLONE_CONFIG_GDRIVE_TOKEN: token, RCLONE_CONFIG_GDRIVE_TYPE: 'drive' });

    const escaped = `Setting token="${JSON.stringify(token).slice(1, -1)}" for "gdrive"`;

    expect(redactor.redact(escaped)).not.toContain('ya29.abcdef');
    expect(redactor.redact(escaped)).not.toContain('1//0gxyz');
    expect(redactor.redact('type is drive')).toBe('type is drive');
  });

  it('removes secret-looking assignments it was not given', () => {
    const redactor = new Redactor();

    const line = redactor.redact(
      ':crypt,remote=/x,password=abcdEFGH123:  "refresh_token":"1//0gxyz"',
    );

    expect(line).toBe(':crypt,remote=/x,password=[REDACTED]:  "refresh_token":"[REDACTED]"');
  });

  it('reads secrets from a plain config file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'centinela-redact-'));
    const config = join(folder, 'rclone.conf');
    await writeFile(
      config,
      '[vault]\ntype = crypt\npassword = obscuredValue123\nremote = gdrive:x\n',
    );
    const redactor = new Redactor();

    redactor.addFromConfigFile(config);

    expect(redactor.redact('value obscuredValue123 seen')).toBe('value [REDACTED] seen');
    expect(redactor.redact('remote gdrive:x')).toBe('remote gdrive:x');
    await rm(folder, { recursive: true });
  });
});
