import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyManifestFile, type EvidenceManifest } from '../src/engine';
import { startEvidenceServer, type EvidenceTestServer } from './support/evidence-centinela';
import { makeTestMedia, type TestMedia } from './support/media';
import { cliVerify } from './support/tools';

let workDir: string;
let media: TestMedia;
let source: Buffer;
let server: EvidenceTestServer;
let publicKey: string;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'centinela-evidence-custody-'));
  media = await makeTestMedia(workDir);
  source = readFileSync(media.clip);
  server = await startEvidenceServer();
  publicKey = (await server.call(null, 'GET', '/api/evidence/public-key')).body;
});

afterAll(async () => {
  await server?.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

async function newExport(): Promise<string> {
  const event = await server.addEvent({ clip: media.clip });
  return (await server.exportEvent(event.id)).id;
}

async function manifestOf(id: string): Promise<EvidenceManifest> {
  return (await server.call('Admin', 'GET', `/api/evidence/${id}/manifest`)).json();
}

async function storedPath(id: string): Promise<string> {
  const item = (await server.call('Admin', 'GET', `/api/evidence/${id}`)).json();
  return join(server.centinela.dataDir, 'vault', item.relative_path);
}

describe('evidence custody', () => {
  it('adds a signed custody entry and a count per download', async () => {
    const id = await newExport();
    for (let round = 0; round < 2; round += 1) {
      const response = await server.call('SuperAdmin', 'GET', `/api/evidence/${id}/download`);
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.equals(source)).toBe(true);
      expect(response.headers['content-type']).toBe('video/mp4');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="export_${id}.mp4"`,
      );
      expect(response.headers['content-length']).toBe(String(source.length));
    }

    const manifest = await manifestOf(id);
    expect(manifest.custody.map((entry) => entry.action)).toEqual([
      'export',
      'download',
      'download',
    ]);
    expect(manifest.custody[1]).toMatchObject({
      seq: 2,
      actor: { id: 'user-SuperAdmin', email: 'user-SuperAdmin@test.local', role: 'SuperAdmin' },
      address: '127.0.0.1',
    });
    const check = verifyManifestFile(manifest, publicKey);
    expect(check.signatureValid).toBe(true);
    expect(check.custodyValid).toBe(true);
    expect((await server.call('Admin', 'GET', `/api/evidence/${id}`)).json().download_count).toBe(
      2,
    );
    const audited = (await server.auditEntries('evidence.download')).filter(
      (entry) => entry.resource === `evidence/${id}`,
    );
    expect(audited).toHaveLength(2);
    expect(audited[0]).toMatchObject({
      actor_id: 'user-SuperAdmin',
      address: '127.0.0.1',
      details: { download_count: 2, custody_seq: 3 },
    });
  });

  it('records nothing for a HEAD request', async () => {
    const id = await newExport();
    const head = await server.call('Admin', 'HEAD', `/api/evidence/${id}/download`);
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(source.length));
    expect(head.body).toBe('');
    expect((await manifestOf(id)).custody).toHaveLength(1);
    expect((await server.call('Admin', 'GET', `/api/evidence/${id}`)).json().download_count).toBe(
      0,
    );
  });

  it('serves byte ranges with 206 and records each', async () => {
    const id = await newExport();
    const partial = await server.call('Admin', 'GET', `/api/evidence/${id}/download`, {
      headers: { range: 'bytes=100-199' },
    });
    expect(partial.statusCode).toBe(206);
    expect(partial.headers['content-range']).toBe(`bytes 100-199/${source.length}`);
    expect(partial.rawPayload.equals(source.subarray(100, 200))).toBe(true);

    const suffix = await server.call('Admin', 'GET', `/api/evidence/${id}/download`, {
      headers: { range: 'bytes=-10' },
    });
    expect(suffix.statusCode).toBe(206);
    expect(suffix.rawPayload.equals(source.subarray(source.length - 10))).toBe(true);

    const outside = await server.call('Admin', 'GET', `/api/evidence/${id}/download`, {
      headers: { range: `bytes=${source.length}-` },
    });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${source.length}`);
    expect(outside.json().code).toBe('CEN_ERR_EVIDENCE_RANGE_NOT_SATISFIABLE');

    const manifest = await manifestOf(id);
    expect(manifest.custody.map((entry) => entry.details)).toEqual([
      { frigate_retain: 'retained' },
      { range: 'bytes=100-199' },
      { range: `bytes=${source.length - 10}-${source.length - 1}` },
    ]);
  });

  it('verifies the stored file and records the check', async () => {
    const id = await newExport();
    const response = await server.call('Admin', 'POST', `/api/evidence/${id}/verify`);
    expect(response.statusCode).toBe(200);
    const result = response.json();
    expect(result).toMatchObject({
      match: true,
      signature_valid: true,
      custody_valid: true,
      custody_recorded: true,
      custody_entries: 2,
    });
    expect(result.sha256_actual).toBe(result.sha256_expected);
    const manifest = await manifestOf(id);
    expect(manifest.custody[1]).toMatchObject({ action: 'verify', details: { match: true } });
    const audited = (await server.auditEntries('evidence.verify')).filter(
      (entry) => entry.resource === `evidence/${id}`,
    );
    expect(audited).toHaveLength(1);
    expect(audited[0]?.details).toMatchObject({ match: true, signature_valid: true });
  });

  it('detects one changed byte in the stored file', async () => {
    const id = await newExport();
    const path = await storedPath(id);
    const bytes = readFileSync(path);
    bytes[1000] = bytes[1000]! ^ 0x01;
    writeFileSync(path, bytes);

    const result = (await server.call('Admin', 'POST', `/api/evidence/${id}/verify`)).json();
    expect(result.match).toBe(false);
    expect(result.sha256_actual).not.toBe(result.sha256_expected);
    expect(result.signature_valid).toBe(true);

    const keyPath = join(workDir, 'evidence-public-key.pem');
    writeFileSync(keyPath, publicKey);
    const cli = cliVerify(path, join(dirname(path), `manifest_${id}.json`), keyPath);
    expect(cli.stdout).toContain('FAILED');
    expect(cli.status).toBe(1);
  });

  it('reports a manifest changed after signing', async () => {
    const id = await newExport();
    const path = join(dirname(await storedPath(id)), `manifest_${id}.json`);
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as EvidenceManifest;
    manifest.reason = 'Something else';
    writeFileSync(path, JSON.stringify(manifest, null, 2));

    const result = (await server.call('Admin', 'POST', `/api/evidence/${id}/verify`)).json();
    expect(result.match).toBe(true);
    expect(result.signature_valid).toBe(false);
    expect(result.custody_recorded).toBe(false);
    const download = await server.call('Admin', 'GET', `/api/evidence/${id}/download`);
    expect(download.statusCode).toBe(422);
    expect(download.json().code).toBe('CEN_ERR_EVIDENCE_MANIFEST_INVALID');
    expect((await server.call('Admin', 'GET', `/api/evidence/${id}`)).json().download_count).toBe(
      0,
    );
  });

  it('keeps the chain whole under concurrent downloads and checks', async () => {
    const id = await newExport();
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        index % 2 === 0
          ? server.call('Admin', 'GET', `/api/evidence/${id}/download`)
          : server.call('Admin', 'POST', `/api/evidence/${id}/verify`),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual([
      200, 200, 200, 200, 200, 200,
    ]);

    const manifest = await manifestOf(id);
    expect(manifest.custody.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(manifest.custody.filter((entry) => entry.action === 'verify')).toHaveLength(3);
    expect(verifyManifestFile(manifest, publicKey).custodyValid).toBe(true);
    expect((await server.call('Admin', 'GET', `/api/evidence/${id}`)).json().download_count).toBe(
      3,
    );

    const keyPath = join(workDir, 'concurrent-public-key.pem');
    writeFileSync(keyPath, publicKey);
    const path = await storedPath(id);
    const cli = cliVerify(path, join(dirname(path), `manifest_${id}.json`), keyPath);
    expect(cli.stdout).toContain('7 entries');
    expect(cli.status).toBe(0);
  });
});
