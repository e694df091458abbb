import type { Capability } from './permissions';

export type RouteName =
  | 'events'
  | 'cameras'
  | 'evidence'
  | 'backups'
  | 'audit'
  | 'users'
  | 'plugins'
  | 'account'
  | 'more';

export interface Route {
  name: RouteName;
  /** Path segments after the route name, such as a backup run id. */
  params: string[];
}

export interface RouteDefinition {
  name: RouteName;
  /** Capability the screen needs; screens without one are open to every signed-in user. */
  capability?: Capability;
}

/** Screens in navigation order. */
export const ROUTES: readonly RouteDefinition[] = [
  { name: 'events' },
  { name: 'cameras' },
  { name: 'evidence', capability: 'evidence:read' },
  { name: 'backups', capability: 'backups:read' },
  { name: 'audit', capability: 'audit:read' },
  { name: 'users', capability: 'users:manage' },
  { name: 'plugins', capability: 'plugins:manage' },
  { name: 'account' },
];

export const DEFAULT_ROUTE: RouteName = 'events';

/** Parses `#/backups/<id>`; an unknown or empty hash is the default screen. */
export function parseRoute(hash: string): Route {
  const segments = hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => decodeURIComponent(segment));
  const [first, ...params] = segments;
  const known = first === 'more' || ROUTES.some((route) => route.name === first);
  if (first === undefined || !known) return { name: DEFAULT_ROUTE, params: [] };
  return { name: first as RouteName, params };
}

export function routeHref(name: RouteName, ...params: string[]): string {
  return `#/${[name, ...params.map((param) => encodeURIComponent(param))].join('/')}`;
}
