import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Centinela's version, as written in the evidence manifests and the API docs. */
export const CENTINELA_VERSION = packageJson.version;
