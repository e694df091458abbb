import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function definedCodes(): Set<string> {
  const roots = [join(ROOT, 'core/src'), ...readdirSync(join(ROOT, 'plugins')).map((p) => join(ROOT, 'plugins', p, 'src'))];
  const codes = new Set<string>();
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const file of sourceFiles(root)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/'(CEN_ERR_[A-Z0-9_]+)'/g)) codes.add(match[1]!);
    }
  }
  return codes;
}

describe('error codes', () => {
  it('are all documented under docs/errors', () => {
    const docs = readdirSync(join(ROOT, 'docs'))
      .filter((name) => /^errors.*\.md$/.test(name))
      .map((name) => readFileSync(join(ROOT, 'docs', name), 'utf8'))
      .join('\n');
    const missing = [...definedCodes()].filter((code) => !docs.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
