import { chmod, copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildManifest,
  canonicalJson,
  FilesystemVaultStorage,
  loadOrCreateEvidenceKey,
  manifestSignedBytes,
  signManifest,
  verifyManifest,
  writeManifestFiles,
} from '../../src/engine';
import { ACTOR, EVENT, makeTempDir, removeDir, run } from './helpers';

let root: string;

beforeEach(async () => {
  root = await makeTempDir('signing');
});

afterEach(async () => {
  await removeDir(root);
});

function sampleManifest() {
  return buildManifest({
    exportId: 'sig1',
    event: EVENT,
    sourceUrl: 'http://frigate.local:5000/api/events/x/clip.mp4',
    actor: ACTOR,
    reason: 'Broken window',
    exportedAt: new Date('2024-05-02T09:00:00Z'),
    address: '10.0.0.5',
    file: { name: 'export_sig1.mp4', size: 3, contentType: 'video/mp4', sha256: 'a'.repeat(64) },
    centinelaVersion: '0.1.0',
  });
}

describe('evidence key', () => {
  it('is created at first use with a 0600 private key', async () => {
    const key = await loadOrCreateEvidenceKey(root);
    const privateInfo = await stat(join(root, 'keys', 'evidence-ed25519.pem'));
    expect(privateInfo.mode & 0o777).toBe(0o600);
    const publicPem = await readFile(join(root, 'keys', 'evidence-ed25519.pub.pem'), 'utf8');
    expect(publicPem).toBe(key.publicKeyPem);
    expect(publicPem).toContain('-----BEGIN PUBLIC KEY-----');
  });

  it('is reused on later loads', async () => {
    const first = await loadOrCreateEvidenceKey(root);
    const second = await loadOrCreateEvidenceKey(root);
    expect(second.keyId).toBe(first.keyId);
    expect(second.publicKeyPem).toBe(first.publicKeyPem);
  });

  it('is the same for concurrent first loads', async () => {
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateEvidenceKey(root)));
    expect(new Set(keys.map((key) => key.keyId)).size).toBe(1);
    const onDisk = await loadOrCreateEvidenceKey(root);
    expect(onDisk.keyId).toBe(keys[0]!.keyId);
  });

  it('derives key_id as openssl does', async () => {
    const key = await loadOrCreateEvidenceKey(root);
    const der = join(root, 'public.der');
    const exported = run('openssl', [
      'pkey',
      '-pubin',
      '-in',
      key.publicKeyPath,
      '-outform',
      'DER',
      '-out',
      der,
    ]);
    expect(exported.status).toBe(0);
    const sum = run('sha256sum', [der]);
    expect(key.keyId).toBe(sum.stdout.slice(0, 16));
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('tightens a private key readable by others to 0600', async () => {
    await loadOrCreateEvidenceKey(root);
    const path = join(root, 'keys', 'evidence-ed25519.pem');
    await chmod(path, 0o644);
    await loadOrCreateEvidenceKey(root);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe('manifest signature', () => {
  it('verifies with the signing key and not with another', async () => {
    const key = await loadOrCreateEvidenceKey(join(root, 'site-a'));
    const other = await loadOrCreateEvidenceKey(join(root, 'site-b'));
    const signed = signManifest(sampleManifest(), key);
    expect(signed.signature.algorithm).toBe('Ed25519');
    expect(signed.signature.key_id).toBe(key.keyId);
    expect(Buffer.from(signed.signature.value, 'base64')).toHaveLength(64);
    expect(verifyManifest(signed, key.publicKeyPem)).toBe(true);
    expect(verifyManifest(signed, other.publicKeyPem)).toBe(false);
  });

  it('covers the canonical JSON without the signature member', async () => {
    const key = await loadOrCreateEvidenceKey(root);
    const unsigned = sampleManifest();
    const signed = signManifest(unsigned, key);
    expect(manifestSignedBytes(signed).toString('utf8')).toBe(canonicalJson(unsigned));
  });

  it('detects one changed field', async () => {
    const key = await loadOrCreateEvidenceKey(root);
    const signed = signManifest(sampleManifest(), key);
    expect(verifyManifest({ ...signed, reason: 'Broken windoW' }, key.publicKeyPem)).toBe(false);
    const event = { ...signed.event, score: 0.88 };
    expect(verifyManifest({ ...signed, event }, key.publicKeyPem)).toBe(false);
    expect(verifyManifest({ ...signed, extra: 1 } as typeof signed, key.publicKeyPem)).toBe(false);
  });

  it('verifies with the openssl pkeyutl -rawin command', async () => {
    const key = await loadOrCreateEvidenceKey(join(root, 'data'));
    const storage = new FilesystemVaultStorage(join(root, 'vault'));
    const manifest = signManifest(sampleManifest(), key);
    await writeManifestFiles({ storage, date: '2024-05-02', manifest });
    const dayDir = join(root, 'vault', 'exports', '2024-05-02');
    await copyFile(key.publicKeyPath, join(dayDir, 'evidence-public-key.pem'));

    const args = [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'evidence-public-key.pem',
      '-rawin',
      '-in',
      'manifest_sig1.signed.json',
      '-sigfile',
      'manifest_sig1.sig',
    ];
    const good = run('openssl', args, dayDir);
    expect(good.stdout).toContain('Signature Verified Successfully');
    expect(good.status).toBe(0);

    const signedPath = join(dayDir, 'manifest_sig1.signed.json');
    const bytes = await readFile(signedPath);
    bytes[20] = bytes[20]! ^ 0x01;
    await writeFile(signedPath, bytes);
    const bad = run('openssl', args, dayDir);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain('Signature Verification Failure');
  });
});
