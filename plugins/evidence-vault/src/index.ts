import type { SqlEntityManager } from '@mikro-orm/knex';
import type { CentinelaPlugin, PluginContext } from '@centinela/core';
import type { EvidenceContext } from './context';
import { manifest } from './manifest';
import { registerEvidenceRoutes } from './routes';
import { EvidenceVault } from './vault';

export type { EvidenceExportedMessage } from './bus';
export type { EvidenceExport, ExportFormat } from './db/entities';
export type { EvidenceSource, SourceEvent, SourceMedia, MediaKind } from './source/evidence-source';
export { EvidenceSourceError } from './source/evidence-source';
export type {
  FrigateEventRecord,
  FrigateMediaStream,
  FrigateService,
} from './source/frigate-adapter';
export { EvidenceVault } from './vault';

declare module '@centinela/core' {
  interface CentinelaServices {
    /** The evidence vault of this server: the site signing key and the vault storages. */
    evidenceVault: EvidenceVault;
  }
}

function evidenceContext(context: PluginContext): EvidenceContext {
  return {
    plugin: context,
    vault: context.services.get('evidenceVault'),
    em: () => context.orm.em.fork() as SqlEntityManager,
  };
}

/** Evidence vault: exports with SHA-256, a signed manifest and a chain of custody. */
export const evidenceVaultPlugin: CentinelaPlugin = {
  manifest,
  async setup(context) {
    // The vault lives in the service registry, which belongs to one server instance, so two
    // instances in one process (tests, restarts) never share a key or a storage.
    const vault = await EvidenceVault.open(context.config.dataDir, context.sites);
    context.log.info(
      { keyId: vault.key.keyId, publicKey: vault.key.publicKeyPath },
      'evidence signing key loaded',
    );
    await vault.cleanupPartials(context.log);
    context.services.provide('evidenceVault', vault);
  },
  routes(app, context) {
    registerEvidenceRoutes(app, evidenceContext(context));
  },
};
export default evidenceVaultPlugin;
