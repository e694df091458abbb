import type { CentinelaPlugin } from '../plugins/manifest';

/**
 * The plugins shipped with Centinela, loaded on demand so that the core package does not
 * import its plugins at module load (they import the core).
 */
export async function loadBuiltinPlugins(): Promise<CentinelaPlugin[]> {
  const modules = await Promise.all([
    import('@centinela/plugin-auth-mfa'),
    import('@centinela/plugin-rbac'),
    import('@centinela/plugin-audit'),
    import('@centinela/plugin-frigate-events'),
    import('@centinela/plugin-evidence-vault'),
    import('@centinela/plugin-gdrive-backup'),
  ]);
  return modules.map((module) => module.default as CentinelaPlugin);
}
