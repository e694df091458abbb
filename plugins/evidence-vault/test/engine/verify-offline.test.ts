import { spawnSync } from 'node:child_process';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FilesystemVaultStorage,
  loadOrCreateEvidenceKey,
  recordCustody,
  runEvidenceVerifyCommand,
  verifyEvidence,
} from '../../src/engine';
import { ACTOR, AUDITOR, exportSample, listFiles, makeTempDir, removeDir, run } from './helpers';

const HAS_JQ = spawnSync('jq', ['--version']).status === 0;

let root: string;
let vaultDir: string;
let dayDir: string;
let publicKeyPath: string;
let filePath: string;
let manifestPath: string;

beforeEach(async () => {
  root = await makeTempDir('verify');
  vaultDir = join(root, 'vault');
  dayDir = join(vaultDir, 'exports', '2024-05-01');
  const storage = new FilesystemVaultStorage(vaultDir);
  const { key } = await exportSample(storage, join(root, 'data'), 'v1');
  await recordCustody({
    storage,
    date: '2024-05-01',
    exportId: 'v1',
    entry: {
      action: 'download',
      actor: AUDITOR,
      at: new Date('2024-05-03T10:00:00Z'),
      address: '10.0.0.7',
    },
    signer: key,
  });
  await recordCustody({
    storage,
    date: '2024-05-01',
    exportId: 'v1',
    entry: { action: 'verify', actor: ACTOR, at: new Date('2024-05-04T11:00:00Z'), address: null },
    signer: key,
  });
  // The public key goes to a separate folder, as a recipient gets it from the site.
  publicKeyPath = join(root, 'site-public-key.pem');
  await copyFile(key.publicKeyPath, publicKeyPath);
  filePath = join(dayDir, 'export_v1.mp4');
  manifestPath = join(dayDir, 'manifest_v1.json');
});

afterEach(async () => {
  await removeDir(root);
});

async function flipByte(path: string, find: string, replace: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  expect(text).toContain(find);
  await writeFile(path, text.replace(find, replace));
}

describe('verifyEvidence', () => {
  it('writes the complete set of vault files', async () => {
    expect(await listFiles(vaultDir)).toEqual([
      'exports/2024-05-01/export_v1.mp4',
      'exports/2024-05-01/export_v1.sha256',
      'exports/2024-05-01/manifest_v1.json',
      'exports/2024-05-01/manifest_v1.sig',
      'exports/2024-05-01/manifest_v1.signed.json',
    ]);
  });

  it('verifies an untouched export with the site key', async () => {
    const result = await verifyEvidence({ filePath, manifestPath, publicKeyPath });
    expect(result.verdict).toBe('verified');
    expect(result.file.hashMatches).toBe(true);
    expect(result.signature.status).toBe('valid');
    expect(result.signature.publicKeySource).toBe('argument');
    expect(result.custody.status).toBe('valid');
    expect(result.custody.entries.map((entry) => entry.action)).toEqual([
      'export',
      'download',
      'verify',
    ]);
    expect(result.report).toContain('Evidence verification: VERIFIED');
    expect(result.report).toContain('auditor@example.com');
  });

  it('passes sha256sum and openssl after appends', async () => {
    expect(run('sha256sum', ['-c', 'export_v1.sha256'], dayDir).status).toBe(0);
    const openssl = run(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        publicKeyPath,
        '-rawin',
        '-in',
        'manifest_v1.signed.json',
        '-sigfile',
        'manifest_v1.sig',
      ],
      dayDir,
    );
    expect(openssl.stdout).toContain('Signature Verified Successfully');
  });

  it.skipIf(!HAS_JQ)('checks custody links with jq and openssl', async () => {
    await copyFile(publicKeyPath, join(dayDir, 'evidence-public-key.pem'));
    const script = [
      'set -euo pipefail',
      'test "$(sha256sum manifest_v1.sig | cut -d" " -f1)" = "$(jq -r \'.custody[1].prev_hash\' manifest_v1.json)"',
      'N=3',
      'test "$(jq -jcS ".custody[$((N-2))]" manifest_v1.json | sha256sum | cut -d" " -f1)" = "$(jq -r ".custody[$((N-1))].prev_hash" manifest_v1.json)"',
      'jq -jcS ".custody[$((N-1))] | del(.signature)" manifest_v1.json > entry.json',
      'jq -r ".custody[$((N-1))].signature.value" manifest_v1.json | base64 -d > entry.sig',
      'openssl pkeyutl -verify -pubin -inkey evidence-public-key.pem -rawin -in entry.json -sigfile entry.sig',
      "diff <(jq -S 'del(.signature) | .custody |= .[:1]' manifest_v1.json) <(jq -S . manifest_v1.signed.json)",
    ].join('\n');
    const result = run('bash', ['-c', script], dayDir);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Signature Verified Successfully');
    expect(result.status).toBe(0);
  });

  it('reports key_id without a public key', async () => {
    const result = await verifyEvidence({ filePath, manifestPath });
    expect(result.verdict).toBe('unverified');
    expect(result.signature.status).toBe('not-checked');
    expect(result.custody.status).toBe('links-only');
    expect(result.report).toContain(`key_id ${result.signature.keyId}`);
    expect(result.report).toContain("cannot be trusted without the site's public key");
  });

  it('uses evidence-public-key.pem beside the manifest', async () => {
    await copyFile(publicKeyPath, join(dayDir, 'evidence-public-key.pem'));
    const result = await verifyEvidence({ filePath, manifestPath });
    expect(result.verdict).toBe('verified');
    expect(result.signature.publicKeySource).toBe('beside-manifest');
    expect(result.report).toContain(`Confirm that key_id ${result.signature.keyId}`);
  });

  it('detects one changed byte in the media file', async () => {
    const bytes = await readFile(filePath);
    bytes[1000] = bytes[1000]! ^ 0x80;
    await writeFile(filePath, bytes);
    const result = await verifyEvidence({ filePath, manifestPath, publicKeyPath });
    expect(result.verdict).toBe('failed');
    expect(result.file.hashMatches).toBe(false);
    expect(result.signature.status).toBe('valid');
    expect(result.report).toContain('MISMATCH');
  });

  it('detects one changed byte in the manifest', async () => {
    await flipByte(manifestPath, 'Package theft', 'Package thefT');
    const result = await verifyEvidence({ filePath, manifestPath, publicKeyPath });
    expect(result.verdict).toBe('failed');
    expect(result.signature.status).toBe('invalid');
    expect(result.report).toContain('INVALID');
  });

  it('detects one changed byte in a custody entry', async () => {
    await flipByte(manifestPath, '10.0.0.7', '10.0.0.8');
    const result = await verifyEvidence({ filePath, manifestPath, publicKeyPath });
    expect(result.verdict).toBe('failed');
    expect(result.signature.status).toBe('valid');
    expect(result.custody.status).toBe('broken');
    expect(result.custody.firstBrokenSeq).toBe(2);
    expect(result.report).toContain('BROKEN at entry 2');
  });

  it('rejects the key of another site', async () => {
    const other = await loadOrCreateEvidenceKey(join(root, 'other-site'));
    const result = await verifyEvidence({
      filePath,
      manifestPath,
      publicKeyPath: other.publicKeyPath,
    });
    expect(result.verdict).toBe('failed');
    expect(result.signature.status).toBe('wrong-key');
  });

  it('fails on a manifest that is not JSON', async () => {
    await flipByte(manifestPath, '"export_id"', '"export_id');
    const result = await verifyEvidence({ filePath, manifestPath, publicKeyPath });
    expect(result.verdict).toBe('failed');
    expect(result.manifestError).toMatch(/not valid JSON/);
  });
});

describe('runEvidenceVerifyCommand', () => {
  function capture() {
    const out = { stdout: '', stderr: '' };
    const output = {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
    };
    return { out, output };
  }

  it('exits 0 for a verified export', async () => {
    const { out, output } = capture();
    expect(
      await runEvidenceVerifyCommand(
        [filePath, manifestPath, '--public-key', publicKeyPath],
        output,
      ),
    ).toBe(0);
    expect(out.stdout).toContain('VERIFIED');
  });

  it('exits 3 without a public key', async () => {
    const { output } = capture();
    expect(await runEvidenceVerifyCommand([filePath, manifestPath], output)).toBe(3);
  });

  it('exits 1 for a changed file', async () => {
    await writeFile(filePath, 'replaced');
    const { out, output } = capture();
    expect(
      await runEvidenceVerifyCommand(
        [filePath, manifestPath, '--public-key', publicKeyPath, '--json'],
        output,
      ),
    ).toBe(1);
    expect(JSON.parse(out.stdout).file.hashMatches).toBe(false);
  });

  it('exits 2 for a missing file or bad arguments', async () => {
    const missing = capture();
    expect(
      await runEvidenceVerifyCommand([join(root, 'nope.mp4'), manifestPath], missing.output),
    ).toBe(2);
    expect(missing.out.stderr).toContain('does not exist');
    const usage = capture();
    expect(await runEvidenceVerifyCommand([filePath], usage.output)).toBe(2);
    expect(usage.out.stderr).toContain('Usage: centinela evidence verify');
  });
});
