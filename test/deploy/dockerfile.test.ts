import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readText, repoPath } from './helpers';

const dockerfile = readText('addon/Dockerfile');
const dockerignore = readText('addon/Dockerfile.dockerignore').split('\n');
const rootPackage = JSON.parse(readText('package.json')) as { workspaces: string[] };

/** Workspace folders from the root package.json; supports "dir" and "dir/*" patterns. */
function workspaceFolders(): string[] {
  return rootPackage.workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(repoPath(parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
}

function instructions(name: string): string[] {
  return dockerfile
    .split('\n')
    .filter((line) => line.startsWith(`${name} `))
    .map((line) => line.slice(name.length + 1));
}

describe('addon/Dockerfile', () => {
  it('pins the Node 20 base image in every external FROM', () => {
    const stages = new Set<string>();
    for (const from of instructions('FROM')) {
      const [image, , stage] = from.split(/\s+/);
      if (stage !== undefined) stages.add(stage);
      if (stages.has(image as string) || image?.startsWith('runtime-')) continue;
      expect(image).toMatch(/^node:20\.\d+\.\d+-bookworm-slim$/);
    }
  });

  it('copies the manifest of every workspace before npm ci', () => {
    const folders = workspaceFolders().filter((folder) =>
      existsSync(repoPath(`${folder}/package.json`)),
    );
    expect(folders.length).toBeGreaterThan(5);
    for (const folder of folders) {
      expect(dockerfile, folder).toContain(`COPY ${folder}/package.json ${folder}/`);
    }
  });

  it('installs production dependencies with npm ci', () => {
    expect(dockerfile).toContain('npm ci --omit=dev');
  });

  it('builds the card bundle and the portal into the image', () => {
    expect(dockerfile).toContain('npm run build -w @centinela/lovelace-cards');
    expect(dockerfile).toContain('node scripts/build-portal.mjs');
    expect(dockerfile).toContain(
      'COPY --from=assets /app/lovelace-cards/dist /app/lovelace-cards/dist',
    );
    expect(dockerfile).toContain('COPY --from=assets /app/core/portal/dist /app/core/portal/dist');
  });

  it('installs rclone, ffmpeg and time zone data at run time', () => {
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    for (const pkg of ['rclone', 'ffmpeg', 'tzdata', 'ca-certificates'])
      expect(runtime).toContain(pkg);
  });

  it('smoke-tests argon2 and the TypeScript loader at build time', () => {
    expect(dockerfile).toContain("node --input-type=module -e \"const m = await import('argon2')");
    expect(dockerfile).toContain('node --import tsx');
  });

  it('labels the image for Home Assistant', () => {
    for (const label of [
      'io.hass.version',
      'io.hass.type',
      'io.hass.arch',
      'io.hass.name',
      'io.hass.description',
      'io.hass.url',
    ]) {
      expect(dockerfile, label).toContain(`${label}=`);
    }
    expect(dockerfile).toContain('io.hass.arch="amd64"');
    expect(dockerfile).toContain('io.hass.arch="aarch64"');
  });

  it('starts the add-on start script', () => {
    expect(instructions('CMD')).toEqual(['["node", "/usr/local/bin/centinela-addon-start.mjs"]']);
    expect(dockerfile).toContain('COPY addon/rootfs/ /');
  });

  it('keeps secrets, data and installed modules out of the build context', () => {
    for (const pattern of ['**/node_modules', '.git', '**/.env', 'data']) {
      expect(dockerignore).toContain(pattern);
    }
  });
});
