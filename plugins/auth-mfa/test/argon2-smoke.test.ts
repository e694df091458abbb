import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import argon2 from 'argon2';
import { expect, it } from 'vitest';
import { ARGON2_POLICY } from '../src/index';

const require = createRequire(import.meta.url);

it('argon2 is the pinned 0.44.0', () => {
  const manifest = require('argon2/package.json') as { version: string };
  expect(manifest.version).toBe('0.44.0');
});

it('argon2 native binary loads in a fresh process', () => {
  // A separate process, because a broken prebuilt binary kills its process on load (exit 139).
  const oneLine = "require('argon2').hash('smoke test').then((h) => process.stdout.write(h))";
  const result = spawnSync(process.execPath, ['-e', oneLine], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/^\$argon2id\$v=19\$/);
});

it('argon2 hashes and verifies with the password policy', async () => {
  const hash = await argon2.hash('smoke test password', {
    type: argon2.argon2id,
    ...ARGON2_POLICY,
  });
  expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  expect(await argon2.verify(hash, 'smoke test password')).toBe(true);
  expect(await argon2.verify(hash, 'smoke test passwore')).toBe(false);
});
