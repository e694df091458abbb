import { describe, expect, it } from 'vitest';
import { readText } from './helpers';

const DEPLOYMENT_DOCS = [
  'docs/deployment.md',
  'docs/deployment.es.md',
  'docs/operations.md',
  'docs/operations.es.md',
  'docs/security.md',
  'docs/troubleshooting.md',
  'docs/api-examples.md',
];

/** Read a Markdown file without its fenced code blocks, whose `#` lines are not headings. */
function readProse(file: string): string {
  return readText(file).replace(/^```[\s\S]*?^```/gm, '');
}

/** Turn a Markdown heading into the anchor GitHub generates for it. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(file: string): Set<string> {
  const headings = readProse(file)
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => anchorOf(line.replace(/^#+ /, '')));
  return new Set(headings);
}

describe('deployment docs', () => {
  it('link only to existing sections of each other', () => {
    for (const file of DEPLOYMENT_DOCS) {
      for (const match of readText(file).matchAll(/\]\(([\w.-]+\.md)(?:#([\w-]+))?\)/g)) {
        const [, target, anchor] = match;
        const targetPath = `docs/${target as string}`;
        if (!DEPLOYMENT_DOCS.includes(targetPath)) continue;
        if (anchor !== undefined) {
          expect(anchorsIn(targetPath).has(anchor), `${file} -> ${target}#${anchor}`).toBe(true);
        }
      }
    }
  });

  it('keep the Spanish pages in step with the English ones', () => {
    for (const [english, spanish] of [
      ['docs/deployment.md', 'docs/deployment.es.md'],
      ['docs/operations.md', 'docs/operations.es.md'],
    ] as const) {
      const count = (file: string) => readProse(file).match(/^#{1,3} /gm)?.length ?? 0;
      expect(count(spanish), spanish).toBe(count(english));
    }
  });
});
