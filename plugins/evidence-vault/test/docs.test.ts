import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  bearerOf,
  startEvidenceServer,
  type EvidenceTestServer,
} from './support/evidence-centinela';
import { makeTestMedia, type TestMedia } from './support/media';
import { REPO_ROOT, type CommandResult } from './support/tools';

// Runs the shell blocks of docs/evidence.md that follow a `<!-- tested: NAME -->` comment,
// against a Centinela listening on 127.0.0.1 with real accounts and the Frigate simulator.
const DOC = join(REPO_ROOT, 'docs', 'evidence.md');
const SPANISH_DOC = join(REPO_ROOT, 'docs', 'evidence.es.md');
/** Text of the Spanish blocks that differs from the English ones on purpose. */
const TRANSLATED_TEXT = [
  ['<id del evento de GET /api/events>', '<event id from GET /api/events>'],
  ['<la carpeta de Centinela>', '<the Centinela folder>'],
  [
    'Denuncia 2026-1187, se llevaron un paquete del porche',
    'Report 2026-1187, package taken from the porch',
  ],
] as const;
const BLOCK = /<!-- tested: ([a-z-]+) -->\s*\n\s*```bash\n([\s\S]*?)\n\s*```/g;

/** Programs the documented commands use; CI images without jq skip this file. */
const MISSING_TOOLS = ['bash', 'curl', 'jq', 'openssl', 'sha256sum'].filter(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0,
);

let workDir: string;
let media: TestMedia;
let server: EvidenceTestServer;
let env: Record<string, string>;
let eventId: string;

/** Returns the tested blocks of a document by name, without their indentation. */
function testedBlocks(path: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of readFileSync(path, 'utf8').matchAll(BLOCK)) {
    const lines = match[2]!.split('\n');
    const indent = /^\s*/.exec(lines[0]!)![0].length;
    blocks.set(match[1]!, lines.map((line) => line.slice(indent)).join('\n'));
  }
  return blocks;
}

/**
 * Runs one block of docs/evidence.md with bash in `cwd`, placeholders filled in, without
 * `set -e`, as a reader pasting it into a terminal would. Asynchronous, because the server that
 * curl calls runs in this process.
 */
async function runBlock(name: string, cwd: string): Promise<CommandResult> {
  const block = testedBlocks(DOC).get(name);
  if (block === undefined) throw new Error(`docs/evidence.md has no tested block "${name}"`);
  const placeholders: Record<string, string> = {
    '<event id from GET /api/events>': eventId,
    '<the Centinela folder>': REPO_ROOT,
  };
  let script = block;
  for (const [placeholder, value] of Object.entries(placeholders)) {
    script = script.replaceAll(placeholder, `'${value}'`);
  }
  const leftover = /^\s*(\w+=|cd )<[^>]*>/m.exec(script);
  if (leftover !== null) throw new Error(`unknown placeholder in block ${name}: ${leftover[0]}`);
  const child = spawn('bash', ['-c', script], {
    cwd,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { status, stdout, stderr };
}

function copyOf(source: string, name: string): string {
  const target = join(workDir, name);
  cpSync(source, target, { recursive: true });
  return target;
}

/** Replaces the first occurrence of `from` in a file by `to`, which has the same length. */
function changeText(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

describe.skipIf(MISSING_TOOLS.length > 0)('docs/evidence.md', () => {
  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'centinela-evidence-docs-'));
    media = await makeTestMedia(workDir);
    server = await startEvidenceServer({ realAccounts: true });
    const base = await server.centinela.app.listen({ host: '127.0.0.1', port: 0 });
    const token = (await bearerOf(server.centinela, ADMIN_EMAIL, ADMIN_PASSWORD)).authorization!;
    env = { BASE: base, TOKEN: token.replace(/^Bearer /, '') };
    eventId = (await server.addEvent({ clip: media.clip })).id;
  });

  afterAll(async () => {
    await server?.destroy();
    rmSync(workDir, { recursive: true, force: true });
  });

  let folder: string;
  let id: string;

  it('exports with the documented request', async () => {
    folder = join(workDir, 'admin');
    mkdirSync(folder);
    const result = await runBlock('export', folder);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const body = JSON.parse(readFileSync(join(folder, 'export.json'), 'utf8'));
    expect(body).toMatchObject({ event_id: eventId, status: 'completed' });
    id = body.id;
    env.ID = id;

    const retried = await runBlock('export', folder);
    expect(retried.status).toBe(0);
    expect(JSON.parse(readFileSync(join(folder, 'export.json'), 'utf8')).id).toBe(id);
  });

  it('hands over the three files', async () => {
    const verify = await server.call('SuperAdmin', 'POST', `/api/evidence/${id}/verify`);
    expect(verify.json().match).toBe(true);
    const result = await runBlock('hand-over', folder);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const name of [`export_${id}.mp4`, `manifest_${id}.json`, 'evidence-public-key.pem']) {
      expect(readFileSync(join(folder, name)).length, name).toBeGreaterThan(0);
    }
    const item = await server.call('SuperAdmin', 'GET', `/api/evidence/${id}`);
    expect(item.json().download_count).toBe(1);
  });

  it('checks the hash with sha256sum', async () => {
    const result = await runBlock('check-hash', folder);
    expect(result.stdout).toBe(`export_${id}.mp4: OK\n`);
    expect(result.status).toBe(0);
  });

  it('checks the signature with openssl', async () => {
    const result = await runBlock('check-signature', folder);
    expect(result.stdout).toBe('Signature Verified Successfully\n');
    expect(result.status).toBe(0);
    const exported = JSON.parse(readFileSync(join(folder, 'export.json'), 'utf8'));
    const date = String(exported.created_at).slice(0, 10);
    const stored = join(server.centinela.dataDir, 'vault', 'exports', date);
    expect(readFileSync(join(folder, 'signed.json'))).toEqual(
      readFileSync(join(stored, `manifest_${id}.signed.json`)),
    );
    expect(readFileSync(join(folder, 'signature.bin'))).toEqual(
      readFileSync(join(stored, `manifest_${id}.sig`)),
    );
  });

  it('checks the key id', async () => {
    const manifest = JSON.parse(readFileSync(join(folder, `manifest_${id}.json`), 'utf8'));
    const result = await runBlock('check-key', folder);
    expect(result.stdout).toBe(`${manifest.signature.key_id}\n${manifest.signature.key_id}\n`);
    expect(result.status).toBe(0);
  });

  it('checks every custody entry', async () => {
    const result = await runBlock('check-custody', folder);
    expect(result.stdout).toBe(
      'entry 2: Signature Verified Successfully\nentry 3: Signature Verified Successfully\n',
    );
    expect(result.status).toBe(0);
  });

  it('verifies with the centinela command', async () => {
    const result = await runBlock('command', folder);
    expect(result.stdout).toContain('Result:     VERIFIED');
    expect(result.stdout).toContain('3 entries, links and signatures valid');
    expect(result.status).toBe(0);
  });

  it('detects one changed byte in the file', async () => {
    const changed = copyOf(folder, 'changed-file');
    const path = join(changed, `export_${id}.mp4`);
    const bytes = readFileSync(path);
    bytes[bytes.length >> 1] ^= 0x01;
    writeFileSync(path, bytes);

    const result = await runBlock('check-hash', changed);
    expect(result.stdout).toBe(`export_${id}.mp4: FAILED\n`);
    expect(result.status).toBe(1);
  });

  it('detects one changed byte in the manifest', async () => {
    const changed = copyOf(folder, 'changed-manifest');
    changeText(join(changed, `manifest_${id}.json`), 'Report 2026-1187', 'Report 2026-1188');

    const signature = await runBlock('check-signature', changed);
    expect(signature.stdout).toContain('Signature Verification Failure');
    expect(signature.status).toBe(1);
    const command = await runBlock('command', changed);
    expect(command.stdout).toContain('Signature:  INVALID');
    expect(command.status).toBe(1);
  });

  it('detects one changed byte in a custody entry', async () => {
    const changed = copyOf(folder, 'changed-custody');
    const path = join(changed, `manifest_${id}.json`);
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    const at = manifest.custody[1].at as string;
    changeText(
      path,
      at,
      at.replace(/\d(?=Z$)/, (digit) => String((Number(digit) + 1) % 10)),
    );

    const result = await runBlock('check-custody', changed);
    expect(result.stdout).toBe(
      'entry 2: Signature Verification Failure\n' +
        'entry 3: BROKEN LINK\n' +
        'entry 3: Signature Verified Successfully\n',
    );
  });
});

describe('docs/evidence.es.md', () => {
  it('shows the same commands in Spanish', () => {
    const withoutComments = (block: string) =>
      block
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('#'))
        .map((line) => line.replace(/\s+# .*$/, ''))
        .join('\n');
    const english = testedBlocks(DOC);
    const spanish = testedBlocks(SPANISH_DOC);
    expect([...spanish.keys()]).toEqual([...english.keys()]);
    for (const [name, block] of english) {
      let translated = spanish.get(name)!;
      for (const [spanishText, englishText] of TRANSLATED_TEXT) {
        translated = translated.replace(spanishText, englishText);
      }
      expect(withoutComments(translated), name).toBe(withoutComments(block));
    }
  });
});
