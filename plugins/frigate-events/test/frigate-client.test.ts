import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startFrigateSimulator, type FrigateSimulator } from '@centinela/frigate-simulator';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/frigate-client/api';
import { FrigateClient } from '../src/frigate-client/client';
import { FrigateAuthError, FrigateUnreachableError } from '../src/frigate-client/errors';

function capturingLogger(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

const logins = (lines: string[]): number =>
  lines.filter((line) => line.includes('logged in to Frigate')).length;

describe('Frigate client on the authenticated port', () => {
  let frigate: FrigateSimulator;
  const password = 'correct horse battery';
  const sessionLength = 3600;
  /** Seconds the simulator's clock runs ahead of the real one, to expire its tokens at will. */
  let clockOffset = 0;

  beforeAll(async () => {
    frigate = await startFrigateSimulator({
      cameras: ['driveway', 'back_yard'],
      replay: false,
      authPort: 0,
      users: [{ user: 'centinela', password, role: 'viewer' }],
      sessionLength,
      version: '0.17.0-beta1',
      configVersion: 0.14,
      clock: () => Date.now() / 1000 + clockOffset,
    });
  });

  afterAll(async () => {
    await frigate?.stop();
  });

  it('logs in once and sends the token as Bearer', async () => {
    const { log, lines } = capturingLogger();
    const client = new FrigateClient({
      baseUrl: frigate.authUrl!,
      user: 'centinela',
      password,
      tlsInsecure: false,
      log,
    });
    try {
      // The authenticated port serves only requests that carry the token.
      const version = await client.version();
      await client.version();
      expect(version).toMatchObject({ major: 0, minor: 17, patch: 0 });
      expect(version.raw).toMatch(/^0\.17\.0-beta1-[0-9a-f]{7}$/);
      expect(logins(lines)).toBe(1);
      expect(lines.join('')).not.toContain(password);
      expect(lines.join('')).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    } finally {
      await client.close();
    }
  });

  it('logs in again after the HTML 401 of an expired token', async () => {
    const { log, lines } = capturingLogger();
    const client = new FrigateClient({
      baseUrl: frigate.authUrl!,
      user: 'centinela',
      password,
      tlsInsecure: false,
      log,
    });
    try {
      await client.version();
      clockOffset += sessionLength + 60;
      const config = await readConfig(client);
      expect(logins(lines)).toBe(2);
      expect(lines.some((line) => line.includes('Frigate returned 401; logging in again'))).toBe(
        true,
      );
      expect(config.version).toBe('0.14');
      expect(config.cameras.map((camera) => camera.name)).toEqual(['driveway', 'back_yard']);
    } finally {
      await client.close();
    }
  });

  it('reports a rejected login without the password', async () => {
    const { log, lines } = capturingLogger();
    const client = new FrigateClient({
      baseUrl: frigate.authUrl!,
      user: 'centinela',
      password: 'wrong-secret',
      tlsInsecure: false,
      log,
    });
    try {
      const failure = await client.version().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(FrigateAuthError);
      expect((failure as Error).message).toContain('centinela');
      expect((failure as Error).message).not.toContain('wrong-secret');
      expect(lines.join('')).not.toContain('wrong-secret');
    } finally {
      await client.close();
    }
  });

  it('talks to the open port without logging in', async () => {
    const { log, lines } = capturingLogger();
    const client = new FrigateClient({ baseUrl: frigate.url, tlsInsecure: false, log });
    try {
      expect((await client.version()).minor).toBe(17);
      expect(logins(lines)).toBe(0);
    } finally {
      await client.close();
    }
  });
});

// The simulator serves plain HTTP only, so Frigate's default self-signed TLS on 8971 is
// imitated by a bare HTTPS server with a throwaway certificate.
describe('Frigate client over TLS with a self-signed certificate', () => {
  let server: Server;
  let folder: string;
  let url: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'frigate-tls-test-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=frigate.test',
        '-keyout',
        join(folder, 'key.pem'),
        '-out',
        join(folder, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const options = {
      key: readFileSync(join(folder, 'key.pem')),
      cert: readFileSync(join(folder, 'cert.pem')),
    };
    server = createServer(options, (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('0.16.4-a1b2c3d');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    rmSync(folder, { recursive: true, force: true });
  });

  it('rejects the certificate unless told to skip verification', async () => {
    const strict = new FrigateClient({
      baseUrl: url,
      tlsInsecure: false,
      log: pino({ level: 'silent' }),
    });
    await expect(strict.version()).rejects.toBeInstanceOf(FrigateUnreachableError);
    await strict.close();

    const insecure = new FrigateClient({
      baseUrl: url,
      tlsInsecure: true,
      log: pino({ level: 'silent' }),
    });
    expect((await insecure.version()).minor).toBe(16);
    await insecure.close();
  });
});
