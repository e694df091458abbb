import type { FastifyInstance } from 'fastify';

export type JsonSchema = Record<string, unknown>;

/** One method of one registered route, with the schemas the OpenAPI document gives it. */
export interface RouteUnderTest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify's path, such as `/api/events/:id/clip`. */
  path: string;
  params: string[];
  /** Query parameter names and schemas, when the route declares them. */
  query: Record<string, JsonSchema>;
  /** JSON body schema, when the route declares one. */
  body: JsonSchema | null;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

interface OpenApiOperation {
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/**
 * Lists every route under /api the app has registered, read from `printRoutes` (which lists routes
 * hidden from the OpenAPI document too), with query and body schemas taken from the OpenAPI
 * document where it has them. The documentation pages are left out.
 */
export function routesOf(app: FastifyInstance): RouteUnderTest[] {
  const openapi = (app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> })
    .paths;
  const routes: RouteUnderTest[] = [];
  for (const { path, methods } of parseRouteTree(app.printRoutes({ commonPrefix: false }))) {
    if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
    const operations = openapi[path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')] ?? {};
    for (const method of methods) {
      if (!METHODS.has(method)) continue;
      const operation = operations[method.toLowerCase()] ?? {};
      const query: Record<string, JsonSchema> = {};
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query') query[parameter.name] = parameter.schema ?? {};
      }
      routes.push({
        method: method as RouteUnderTest['method'],
        path,
        params: [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!),
        query,
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  }
  return routes;
}

/** Parses find-my-way's tree (`├── /api/events (GET, HEAD)`, children indented by four). */
export function parseRouteTree(tree: string): Array<{ path: string; methods: string[] }> {
  const stack: string[] = [];
  const routes: Array<{ path: string; methods: string[] }> = [];
  for (const line of tree.split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (match === null) continue;
    const depth = match[1]!.length / 4;
    const path = `${stack[depth - 1] ?? ''}${match[2]}`;
    stack[depth] = path;
    stack.length = depth + 1;
    if (match[3] !== undefined) routes.push({ path, methods: match[3].split(', ') });
  }
  return routes;
}
