import { bytes, json } from '../http/results';
import type { Router } from '../http/router';
import type { RouteDeps } from './deps';

/** Version, config, stats, label lists and the caller's profile. */
export function registerInfoRoutes(router: Router, deps: RouteDeps): void {
  router.get('/api/version', () => bytes(200, deps.version.text, 'text/plain; charset=utf-8'));
  router.get('/api/config', () => json(200, deps.config()));
  router.get('/api/stats', () => json(200, deps.stats()));

  router.get('/api/labels', ({ query }) => {
    const camera = query.get('camera') ?? '';
    const rows = deps.store.rows().filter((event) => camera === '' || event.camera === camera);
    return json(200, [...new Set(rows.map((event) => event.label))].sort());
  });

  router.get('/api/sub_labels', ({ query }) => {
    const split = query.get('split_joined');
    const names = new Set<string>();
    for (const event of deps.store.rows()) {
      if (event.sub_label === null) continue;
      if (split !== null && split !== '0')
        for (const name of event.sub_label.split(',')) names.add(name.trim());
      else names.add(event.sub_label);
    }
    return json(200, [...names].sort());
  });

  router.get('/api/profile', ({ user }) => json(200, { username: user.name, role: user.role }));
}
