// The Supervisor treats every file named config.yaml, config.yml or config.json in the
// repository as an add-on manifest (supervisor/store/data.py globs **/config.* and skips only
// folders whose name starts with a dot and folders named rootfs). Only addon/config.yaml may
// carry that name.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, readYaml } from './helpers';

const MANIFEST_NAMES = new Set(['config.yaml', 'config.yml', 'config.json']);

function findManifests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findManifests(path));
    else if (MANIFEST_NAMES.has(entry.name)) found.push(relative(REPO_ROOT, path));
  }
  return found;
}

/** Drop the paths git ignores (data/, dist/ ...): they never reach the published repository. */
function withoutIgnored(paths: string[]): string[] {
  if (paths.length === 0) return paths;
  try {
    const ignored = execFileSync('git', ['check-ignore', '--stdin'], {
      cwd: REPO_ROOT,
      input: paths.join('\n'),
      encoding: 'utf8',
    });
    const ignoredSet = new Set(ignored.split('\n').filter(Boolean));
    return paths.filter((path) => !ignoredSet.has(path));
  } catch (error) {
    // git check-ignore exits 1 when none of the paths is ignored.
    if ((error as { status?: number }).status === 1) return paths;
    throw error;
  }
}

describe('add-on repository layout', () => {
  it('has addon/config.yaml as its only manifest', () => {
    expect(withoutIgnored(findManifests(REPO_ROOT))).toEqual(['addon/config.yaml']);
  });

  it('names the repository at its root', () => {
    const repository = readYaml('repository.yaml');
    expect(typeof repository.name).toBe('string');
    expect(repository.url).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+$/);
    expect(typeof repository.maintainer).toBe('string');
  });

  it('keeps no other repository manifest beside it', () => {
    const others = readdirSync(REPO_ROOT).filter(
      (name) => /^repository\.(ya?ml|json)$/.test(name) && name !== 'repository.yaml',
    );
    expect(others).toEqual([]);
  });
});
