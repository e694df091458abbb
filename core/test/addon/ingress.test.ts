import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import {
  ingressBasePath,
  registerIngressBasePath,
  withBaseHref,
} from '../../src/homeassistant/ingress-base-path';
import { createCentinela, type Centinela } from '../../src/server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { headerAuthPlugin } from '../support/test-plugins';

const ROOT = join(import.meta.dirname, '../../..');
const INGRESS_PATH = '/api/hassio_ingress/Xq3t9vLm2R_8k-Zp';
const SUPERVISOR = '172.30.32.2';

/**
 * Create a portal folder with the project's index.html, or a page of the same shape (a
 * relative module script) when the portal is missing. main.js records the URL it loaded from.
 */
function portalFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'centinela-ingress-portal-'));
  const source = join(ROOT, 'core/portal/index.html');
  const html = existsSync(source)
    ? readFileSync(source, 'utf8')
    : '<!doctype html>\n<html><head><meta charset="utf-8" /><script type="module" src="main.js"></script></head><body></body></html>\n';
  writeFileSync(join(folder, 'index.html'), html);
  writeFileSync(join(folder, 'main.js'), 'window.centinelaLoadedFrom = import.meta.url;\n');
  return folder;
}

describe('portal served by the core under ingress', () => {
  let centinela: Centinela;
  let database: TestDatabase;
  let folder: string;
  let dataDir: string;

  beforeAll(async () => {
    folder = portalFolder();
    dataDir = mkdtempSync(join(tmpdir(), 'centinela-ingress-data-'));
    database = await createTestDatabase();
    const config = loadConfig({
      env: {
        PORT: '0',
        CENTINELA_INGRESS: 'true',
        CENTINELA_DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        MQTT_URL: process.env.TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883',
        FRIGATE_URL: 'http://127.0.0.1:9',
        LOG_LEVEL: 'silent',
      },
      optionsFile: join(dataDir, 'no-options.json'),
    });
    centinela = await createCentinela({
      config,
      plugins: [headerAuthPlugin],
      log: pino({ level: 'silent' }),
      portalDir: folder,
    });
  });

  afterAll(async () => {
    await centinela.close();
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The Supervisor strips /api/hassio_ingress/<token> and adds the header, so the core receives `/`.
  const ingressHeaders = { 'x-ingress-path': INGRESS_PATH, 'x-forwarded-for': '192.168.1.50' };

  it('serves index.html at the root', async () => {
    const response = await centinela.app.inject({
      method: 'GET',
      url: '/',
      headers: ingressHeaders,
      remoteAddress: SUPERVISOR,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toMatch(/<script type="module" src="main\.js"><\/script>/);
  });

  it('uses no root-relative url in the page', async () => {
    const response = await centinela.app.inject({
      method: 'GET',
      url: '/',
      headers: ingressHeaders,
      remoteAddress: SUPERVISOR,
    });
    // A URL starting with / would leave the ingress path and miss the add-on. The injected
    // <base href> is the ingress path itself, so it is the one root-relative URL allowed.
    expect(response.body).toContain('<base href="/api/hassio_ingress/');
    const withoutBase = response.body.replace(/<base href="[^"]*" \/>/, '');
    expect(withoutBase).not.toMatch(/\b(?:src|href|action)="\/(?!\/)/);
  });

  it('serves the script and the api under the same headers', async () => {
    const script = await centinela.app.inject({
      method: 'GET',
      url: '/main.js',
      headers: ingressHeaders,
      remoteAddress: SUPERVISOR,
    });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    const health = await centinela.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: ingressHeaders,
      remoteAddress: SUPERVISOR,
    });
    expect(health.statusCode).toBe(200);
  });

  it('lets the page set a same-origin base url', async () => {
    const response = await centinela.app.inject({
      method: 'GET',
      url: '/',
      headers: ingressHeaders,
      remoteAddress: SUPERVISOR,
    });
    expect(String(response.headers['content-security-policy'])).toMatch(/base-uri 'self'/);
    // Home Assistant shows the panel in an iframe of its own origin.
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

/** Fastify set up for the portal as core/src/http/app.ts does, plus the ingress base path. */
async function portalApp(folder: string): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(helmet, {
    crossOriginEmbedderPolicy: false,
    frameguard: { action: 'sameorigin' },
  });
  registerIngressBasePath(app);
  await app.register(fastifyStatic, { root: folder, prefix: '/', wildcard: false });
  app.get('/api/data', async () => ({ ok: true }));
  return app;
}

describe('ingress base path', () => {
  let folder: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    folder = portalFolder();
    app = await portalApp(folder);
  });

  afterAll(async () => {
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('accepts only the ingress path shape', () => {
    expect(ingressBasePath(`${INGRESS_PATH}/`)).toBe(INGRESS_PATH);
    expect(ingressBasePath('//evil.example/x')).toBeUndefined();
    expect(ingressBasePath('/api/hassio_ingress/a"><script>')).toBeUndefined();
    expect(ingressBasePath('/somewhere/else')).toBeUndefined();
    expect(ingressBasePath(['/api/hassio_ingress/a'])).toBeUndefined();
  });

  it('puts the base first in the head', () => {
    const html = withBaseHref(
      '<html><head><meta charset="utf-8"><base href="/old/"><script src="a.js"></script></head></html>',
      '/p',
    );
    expect(html).toBe(
      '<html><head>\n    <base href="/p/" /><meta charset="utf-8"><script src="a.js"></script></head></html>',
    );
  });

  it('adds the base to index.html under ingress', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/',
      headers: { 'x-ingress-path': INGRESS_PATH },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain(`<base href="${INGRESS_PATH}/" />`);
    expect(response.body.indexOf('<base')).toBeLessThan(response.body.indexOf('main.js'));
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('leaves the page alone without ingress', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.body).not.toContain('<base');
    expect(response.headers.etag).toBeDefined();
  });

  it('ignores a forged header', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/',
      headers: { 'x-ingress-path': 'https://evil.example' },
    });
    expect(response.body).not.toContain('<base');
  });

  it('leaves scripts and json alone', async () => {
    const script = await app.inject({
      method: 'GET',
      url: '/main.js',
      headers: { 'x-ingress-path': INGRESS_PATH },
    });
    expect(script.body).toBe('window.centinelaLoadedFrom = import.meta.url;\n');
    const json = await app.inject({
      method: 'GET',
      url: '/api/data',
      headers: { 'x-ingress-path': INGRESS_PATH },
    });
    expect(json.json()).toEqual({ ok: true });
  });
});

describe('ingress in a browser', () => {
  let folder: string;
  let app: FastifyInstance;
  let supervisor: Server;
  let supervisorUrl: string;

  beforeAll(async () => {
    folder = portalFolder();
    app = await portalApp(folder);
    const upstream = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    // Stands in for Home Assistant and the Supervisor: strips the ingress path, adds the header.
    supervisor = createServer((incoming, outgoing) => {
      const path = (incoming.url ?? '/').slice(INGRESS_PATH.length) || '/';
      const forward = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          path,
          method: incoming.method,
          headers: { ...incoming.headers, 'x-ingress-path': INGRESS_PATH },
        },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      incoming.pipe(forward);
    });
    await new Promise<void>((resolve) => supervisor.listen(0, '127.0.0.1', resolve));
    supervisorUrl = `http://127.0.0.1:${(supervisor.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => supervisor.close(resolve));
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('loads the script under the ingress path', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      // Without the trailing slash, a relative URL would resolve against /api/hassio_ingress/.
      for (const address of [
        `${supervisorUrl}${INGRESS_PATH}`,
        `${supervisorUrl}${INGRESS_PATH}/`,
      ]) {
        await page.goto(address);
        await page.waitForFunction(() => 'centinelaLoadedFrom' in window, undefined, {
          timeout: 10_000,
        });
        const loaded = await page.evaluate(() => ({
          base: document.baseURI,
          script: (window as unknown as { centinelaLoadedFrom: string }).centinelaLoadedFrom,
        }));
        expect(loaded.base).toBe(`${supervisorUrl}${INGRESS_PATH}/`);
        expect(loaded.script).toBe(`${supervisorUrl}${INGRESS_PATH}/main.js`);
      }
    } finally {
      await browser.close();
    }
  });
});
