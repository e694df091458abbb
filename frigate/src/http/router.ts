import type { IncomingHttpHeaders } from 'node:http';

import type { UserRole } from '../types';
import type { HttpResult } from './results';

export interface RequestUser {
  name: string;
  role: UserRole;
}

export interface RequestContext {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  user: RequestUser;
  /** The request body parsed as JSON; undefined when empty or not JSON. */
  body: unknown;
  rawBody: Buffer;
}

export type Handler = (context: RequestContext) => HttpResult | Promise<HttpResult>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** Method and path matching with `{name}` segments (one path segment each, like FastAPI). */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((part) => {
        const match = /^(.*?)\{(\w+)(:path)?\}(.*)$/.exec(part);
        if (match === null) return escapeRegExp(part);
        names.push(match[2]!);
        const capture = match[3] === undefined ? '([^/]+?)' : '(.+)';
        return `${escapeRegExp(match[1] ?? '')}${capture}${escapeRegExp(match[4] ?? '')}`;
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  get(template: string, handler: Handler): this {
    return this.add('GET', template, handler);
  }

  post(template: string, handler: Handler): this {
    return this.add('POST', template, handler);
  }

  delete(template: string, handler: Handler): this {
    return this.add('DELETE', template, handler);
  }

  put(template: string, handler: Handler): this {
    return this.add('PUT', template, handler);
  }

  /** The first route for the path and method; `methodNotAllowed` when only the method differs. */
  match(
    method: string,
    path: string,
  ): { handler: Handler; params: Record<string, string> } | 'methodNotAllowed' | undefined {
    const lookup = method === 'HEAD' ? 'GET' : method;
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (found === null) continue;
      pathMatched = true;
      if (route.method !== lookup) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1]!);
      });
      return { handler: route.handler, params };
    }
    return pathMatched ? 'methodNotAllowed' : undefined;
  }
}
