import type { SqlEntityManager } from '@mikro-orm/knex';
import type { PluginContext } from '@centinela/core';
import type { EvidenceVault } from './vault';

/** Dependencies shared by the plugin's routes and services. */
export interface EvidenceContext {
  plugin: PluginContext;
  vault: EvidenceVault;
  /** A fresh entity manager for one request. */
  em(): SqlEntityManager;
}
