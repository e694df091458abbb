import type { CentinelaPlugin } from './manifest';

/**
 * Order plugins so that each comes after the plugins it depends on. Throws on an unknown
 * dependency or a cycle, naming the plugins involved.
 */
export function sortByDependencies(plugins: CentinelaPlugin[]): CentinelaPlugin[] {
  const byName = new Map(plugins.map((p) => [p.manifest.name, p]));
  if (byName.size !== plugins.length) throw new Error('Two plugins share one name.');
  const ordered: CentinelaPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();

  const visit = (plugin: CentinelaPlugin, path: string[]): void => {
    const name = plugin.manifest.name;
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      throw new Error(`Plugin dependency cycle: ${[...path, name].join(' -> ')}.`);
    }
    state.set(name, 'visiting');
    for (const dependency of plugin.manifest.dependsOn) {
      const target = byName.get(dependency);
      if (target === undefined) {
        throw new Error(`Plugin "${name}" depends on "${dependency}", which is not available.`);
      }
      visit(target, [...path, name]);
    }
    state.set(name, 'done');
    ordered.push(plugin);
  };

  for (const plugin of plugins) visit(plugin, []);
  return ordered;
}
