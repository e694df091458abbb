import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readText, readYaml, repoPath } from './helpers';
import { interpolate } from './compose-model';

function hasCommand(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

interface CaddyConfig {
  apps: {
    tls?: {
      automation?: {
        policies?: { subjects?: string[]; issuers?: { module: string; email?: string }[] }[];
      };
    };
    http: { servers: Record<string, { routes: unknown[] }> };
  };
}

/** `caddy adapt` turns the Caddyfile into Caddy's JSON config and reports syntax errors. */
function adaptCaddyfile(env: Record<string, string>): CaddyConfig {
  const output = execFileSync(
    'caddy',
    ['adapt', '--config', repoPath('caddy/Caddyfile'), '--adapter', 'caddyfile'],
    { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return JSON.parse(output) as CaddyConfig;
}

describe('caddy/Caddyfile', () => {
  it('proxies to Centinela only', () => {
    const caddyfile = readText('caddy/Caddyfile');
    const upstreams = [...caddyfile.matchAll(/reverse_proxy\s+(\S+)/g)].map((match) => match[1]);
    expect(upstreams).toEqual(['centinela:8080', 'centinela:8080']);
    expect(caddyfile).not.toMatch(/frigate:/);
  });

  it('sets the security headers', () => {
    const caddyfile = readText('caddy/Caddyfile');
    for (const header of [
      'Strict-Transport-Security',
      'X-Content-Type-Options',
      'Referrer-Policy',
      'Permissions-Policy',
      'X-Frame-Options',
    ]) {
      expect(caddyfile, header).toContain(header);
    }
  });

  it.skipIf(!hasCommand('caddy', ['version']))('uses Caddy’s internal CA on a LAN address', () => {
    const config = adaptCaddyfile({ CENTINELA_DOMAIN: '192.168.1.20', CENTINELA_TLS: 'internal' });
    const policy = config.apps.tls?.automation?.policies?.[0];
    expect(policy?.subjects).toEqual(['192.168.1.20']);
    expect(policy?.issuers?.map((issuer) => issuer.module)).toEqual(['internal']);
  });

  it.skipIf(!hasCommand('caddy', ['version']))(
    'uses ACME with an email for a public domain',
    () => {
      const config = adaptCaddyfile({
        CENTINELA_DOMAIN: 'centinela.example.com',
        CENTINELA_TLS: 'admin@example.com',
      });
      const policy = config.apps.tls?.automation?.policies?.[0];
      expect(policy?.subjects).toEqual(['centinela.example.com']);
      expect(policy?.issuers?.[0]).toMatchObject({ module: 'acme', email: 'admin@example.com' });
    },
  );
});

describe('shell scripts', () => {
  it('parses mosquitto/start.sh with sh -n', () => {
    expect(() => execFileSync('sh', ['-n', repoPath('mosquitto/start.sh')])).not.toThrow();
  });

  it('parses the demo camera script with sh -n', () => {
    const compose = readYaml<{ services: Record<string, { command: string[] }> }>(
      'docker-compose.yml',
    );
    const script = interpolate(compose.services['demo-cameras']?.command[0] as string, new Map());
    expect(script).toContain('"${2:-$1}"');
    expect(() => execFileSync('sh', ['-n'], { input: script })).not.toThrow();
  });

  it('exits non-zero without sample clips', () => {
    const compose = readYaml<{ services: Record<string, { command: string[] }> }>(
      'docker-compose.yml',
    );
    const script = interpolate(compose.services['demo-cameras']?.command[0] as string, new Map());
    // The container has no /clips folder here, so the glob stays unexpanded.
    const run = () => execFileSync('sh', ['-c', script], { stdio: 'pipe' });
    expect(run).toThrow(/no \.mp4 files/);
  });
});
