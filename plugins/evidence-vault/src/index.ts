import type { CentinelaPlugin } from '@centinela/core';
import { manifest } from './manifest';

/** Evidence vault: exports with SHA-256, a signed manifest and a chain of custody. */
export const evidenceVaultPlugin: CentinelaPlugin = { manifest };
export default evidenceVaultPlugin;
