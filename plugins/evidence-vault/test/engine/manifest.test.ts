import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendCustody,
  buildManifest,
  canonicalBytes,
  custodySignedBytes,
  EvidenceError,
  expectedPrevHash,
  loadOrCreateEvidenceKey,
  manifestSignedBytes,
  sanitizeSourceUrl,
  sha256Hex,
  signManifest,
  toLocalIso,
  verifyManifestFile,
  type CustodyEntry,
  type EvidenceKeyPair,
  type EvidenceManifest,
} from '../../src/engine';
import { ACTOR, AUDITOR, EVENT, makeTempDir, removeDir } from './helpers';

let root: string;
let key: EvidenceKeyPair;
let otherKey: EvidenceKeyPair;

beforeAll(async () => {
  root = await makeTempDir('manifest');
  key = await loadOrCreateEvidenceKey(`${root}/a`);
  otherKey = await loadOrCreateEvidenceKey(`${root}/b`);
});

afterAll(async () => {
  await removeDir(root);
});

function signedSample(): EvidenceManifest {
  return signManifest(
    buildManifest({
      exportId: 'm1',
      event: EVENT,
      sourceUrl:
        'http://admin:hunter2@frigate.local:5000/api/events/x/clip.mp4?token=t0k&download=1&api_key=k#frag',
      actor: ACTOR,
      reason: 'Package theft',
      exportedAt: new Date('2024-05-02T09:00:00Z'),
      address: '192.168.1.20',
      file: { name: 'export_m1.mp4', size: 1234, contentType: 'video/mp4', sha256: 'b'.repeat(64) },
      centinelaVersion: '0.1.0',
      details: { idempotency_key: 'k-1' },
    }),
    key,
  );
}

function withCustody(): EvidenceManifest {
  const downloaded = appendCustody(
    signedSample(),
    {
      action: 'download',
      actor: AUDITOR,
      at: new Date('2024-05-03T10:00:00Z'),
      address: '10.0.0.7',
    },
    key,
  );
  return appendCustody(
    downloaded,
    {
      action: 'verify',
      actor: ACTOR,
      at: new Date('2024-05-04T11:00:00Z'),
      address: null,
      details: { result: 'verified' },
    },
    key,
  );
}

describe('buildManifest', () => {
  it('fills the snake_case fields', () => {
    const manifest = signedSample();
    expect(manifest.manifest_version).toBe(1);
    expect(manifest.export_id).toBe('m1');
    expect(manifest.exported_at).toBe('2024-05-02T09:00:00.000Z');
    expect(manifest.file).toEqual({
      name: 'export_m1.mp4',
      size: 1234,
      content_type: 'video/mp4',
      sha256: 'b'.repeat(64),
    });
    expect(manifest.event).toEqual({
      site: 'home',
      camera: 'front_door',
      label: 'person',
      sub_label: null,
      score: 0.87,
      start_utc: '2024-05-01T16:30:00.250Z',
      end_utc: '2024-05-01T16:30:45.000Z',
      start_local: '2024-05-01T10:30:00.250-06:00',
      end_local: '2024-05-01T10:30:45.000-06:00',
      timezone: 'America/Mexico_City',
      frigate_event_id: '1714581000.25-abc123',
      frigate_version: '0.14.1-f4f3cfa',
    });
    expect(manifest.custody).toEqual([
      {
        seq: 1,
        action: 'export',
        actor: ACTOR,
        at: '2024-05-02T09:00:00.000Z',
        address: '192.168.1.20',
        details: { idempotency_key: 'k-1' },
        prev_hash: null,
        signature: null,
      },
    ]);
  });

  it('removes credentials from the source URL', () => {
    expect(signedSample().source_url).toBe(
      'http://frigate.local:5000/api/events/x/clip.mp4?download=1',
    );
    expect(sanitizeSourceUrl('https://nvr.example/api/x?access_token=a&X-Amz-Signature=b')).toBe(
      'https://nvr.example/api/x',
    );
  });

  it('rejects an unknown time zone', () => {
    const build = () =>
      buildManifest({
        exportId: 'tz',
        event: { ...EVENT, timezone: 'Mars/Olympus_Mons' },
        sourceUrl: 'http://frigate.local/clip.mp4',
        actor: ACTOR,
        reason: 'x',
        exportedAt: new Date(),
        address: null,
        file: { name: 'export_tz.mp4', size: 1, contentType: 'video/mp4', sha256: 'c'.repeat(64) },
        centinelaVersion: '0.1.0',
      });
    expect(build).toThrow(EvidenceError);
    expect(build).toThrow(/Mars\/Olympus_Mons/);
  });
});

describe('toLocalIso for America/Mexico_City', () => {
  it.each([
    ['2024-05-01T16:30:00.250Z', '2024-05-01T10:30:00.250-06:00'],
    ['2024-01-01T05:59:59.000Z', '2023-12-31T23:59:59.000-06:00'],
    // Mexico kept daylight saving time until 30 October 2022.
    ['2022-07-01T12:00:00.000Z', '2022-07-01T07:00:00.000-05:00'],
    ['2022-10-30T06:59:59.000Z', '2022-10-30T01:59:59.000-05:00'],
    ['2022-10-30T07:00:00.000Z', '2022-10-30T01:00:00.000-06:00'],
    ['2023-07-01T12:00:00.000Z', '2023-07-01T06:00:00.000-06:00'],
  ])('formats %s as %s', (utc, local) => {
    expect(toLocalIso(new Date(utc), 'America/Mexico_City')).toBe(local);
    expect(new Date(local).toISOString()).toBe(utc);
  });

  it('formats UTC with a +00:00 offset', () => {
    expect(toLocalIso(new Date('2024-05-01T16:30:00Z'), 'UTC')).toBe(
      '2024-05-01T16:30:00.000+00:00',
    );
  });
});

describe('custody chain', () => {
  it('keeps export signature valid after appends', () => {
    const original = signedSample();
    const extended = withCustody();
    expect(extended.custody).toHaveLength(3);
    expect(extended.signature).toEqual(original.signature);
    expect(manifestSignedBytes(extended).equals(manifestSignedBytes(original))).toBe(true);
    expect(verifyManifestFile(extended, key.publicKeyPem)).toEqual({
      keyId: key.keyId,
      publicKeyId: key.keyId,
      keyIdMatches: true,
      signatureValid: true,
      custodyValid: true,
    });
  });

  it('links each entry to the one before', () => {
    const manifest = withCustody();
    const signatureBytes = Buffer.from(manifest.signature.value, 'base64');
    expect(manifest.custody[1]!.seq).toBe(2);
    expect(manifest.custody[1]!.prev_hash).toBe(sha256Hex(signatureBytes));
    expect(manifest.custody[2]!.seq).toBe(3);
    expect(manifest.custody[2]!.prev_hash).toBe(sha256Hex(canonicalBytes(manifest.custody[1])));
    expect(manifest.custody[2]!.signature?.key_id).toBe(key.keyId);
  });

  it('detects a changed byte in an appended entry', () => {
    const manifest = withCustody();
    const custody = manifest.custody.map((entry) => ({ ...entry }));
    custody[1]!.address = '10.0.0.8';
    const result = verifyManifestFile({ ...manifest, custody }, key.publicKeyPem);
    expect(result.signatureValid).toBe(true);
    expect(result.custodyValid).toBe(false);
    expect(result.firstBrokenCustodySeq).toBe(2);
  });

  it('detects a changed last entry', () => {
    const manifest = withCustody();
    const custody = manifest.custody.map((entry) => ({ ...entry }));
    custody[2]!.at = '2024-05-04T11:00:01.000Z';
    const result = verifyManifestFile({ ...manifest, custody }, key.publicKeyPem);
    expect(result.custodyValid).toBe(false);
    expect(result.firstBrokenCustodySeq).toBe(3);
  });

  it('detects a removed middle entry', () => {
    const manifest = withCustody();
    const custody = [manifest.custody[0]!, manifest.custody[2]!];
    const result = verifyManifestFile({ ...manifest, custody }, key.publicKeyPem);
    expect(result.custodyValid).toBe(false);
    expect(result.firstBrokenCustodySeq).toBe(2);
  });

  it('detects a changed export entry through the manifest signature', () => {
    const manifest = withCustody();
    const custody = manifest.custody.map((entry) => ({ ...entry }));
    custody[0]!.address = '192.168.1.21';
    expect(verifyManifestFile({ ...manifest, custody }, key.publicKeyPem).signatureValid).toBe(
      false,
    );
  });

  it.each([
    ['its own key_id', () => otherKey.keyId, /signed with key/],
    ['the site key_id', () => key.keyId, /signature of entry 2 is invalid/],
  ])('rejects an entry signed with another key under %s', (_case, keyId, problem) => {
    const manifest = signedSample();
    const unsigned: CustodyEntry = {
      seq: 2,
      action: 'download',
      actor: AUDITOR,
      at: '2024-05-03T10:00:00.000Z',
      address: null,
      prev_hash: expectedPrevHash(manifest, 1),
      signature: null,
    };
    const value = otherKey.sign(custodySignedBytes(unsigned)).toString('base64');
    const forged = {
      ...unsigned,
      signature: { algorithm: 'Ed25519' as const, value, key_id: keyId() },
    };
    const result = verifyManifestFile(
      { ...manifest, custody: [...manifest.custody, forged] },
      key.publicKeyPem,
    );
    expect(result.signatureValid).toBe(true);
    expect(result.custodyValid).toBe(false);
    expect(result.firstBrokenCustodySeq).toBe(2);
    expect(result.custodyProblem).toMatch(problem);
  });

  it('refuses to append with a key other than the manifest key', () => {
    const append = () =>
      appendCustody(
        signedSample(),
        { action: 'download', actor: AUDITOR, at: new Date(), address: null },
        otherKey,
      );
    expect(append).toThrow(EvidenceError);
    expect(append).toThrow(/signed with key/);
  });

  it('refuses to extend a tampered chain', () => {
    const manifest = withCustody();
    const custody = manifest.custody.map((entry) => ({ ...entry }));
    custody[1]!.address = '10.0.0.9';
    const append = () =>
      appendCustody(
        { ...manifest, custody },
        { action: 'verify', actor: ACTOR, at: new Date(), address: null },
        key,
      );
    expect(append).toThrow(/Refusing to extend manifest m1/);
  });

  it('reports a key mismatch', () => {
    const result = verifyManifestFile(withCustody(), otherKey.publicKeyPem);
    expect(result.keyIdMatches).toBe(false);
    expect(result.signatureValid).toBe(false);
    expect(result.custodyValid).toBe(false);
  });
});
