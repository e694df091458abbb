import { timingSafeEqual } from 'node:crypto';

import { issueToken, jwtCookie } from '../http/auth';
import { bytes, json } from '../http/results';
import type { Router } from '../http/router';
import { ValidationFailure, type ValidationIssue } from '../query/params';
import type { RouteDeps } from './deps';

function sameText(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Check the body like Frigate's `AppPostLoginBody` (both fields required strings). */
function readLoginBody(body: unknown): { user: string; password: string } {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  for (const field of ['user', 'password']) {
    const value = record[field];
    if (value === undefined)
      issues.push({
        type: 'missing',
        loc: ['body', field],
        msg: 'Field required',
        input: body ?? null,
      });
    else if (typeof value !== 'string')
      issues.push({
        type: 'string_type',
        loc: ['body', field],
        msg: 'Input should be a valid string',
        input: value,
      });
  }
  if (issues.length > 0) throw new ValidationFailure(issues);
  return { user: record.user as string, password: record.password as string };
}

/** `POST /api/login` and `GET /api/logout` of the authenticated port. */
export function registerAuthRoutes(router: Router, deps: RouteDeps): void {
  router.post('/api/login', ({ body }) => {
    const auth = deps.auth;
    const { user, password } = readLoginBody(body);
    const account = auth?.users.find((candidate) => candidate.user === user);
    if (auth === undefined || account === undefined || !sameText(account.password, password)) {
      deps.logger.info({ user }, 'login failed');
      return json(401, { message: 'Login failed' });
    }
    const { token, expiration } = issueToken(auth, user, account.role ?? 'admin');
    return bytes(200, '', '', {
      'Set-Cookie': jwtCookie(auth.cookieName, token, expiration, Math.floor(auth.clock())),
    });
  });

  router.get('/api/logout', () => {
    const name = deps.auth?.cookieName ?? 'frigate_token';
    return bytes(303, '', 'text/plain; charset=utf-8', {
      Location: '/login',
      'Set-Cookie': `${name}=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; SameSite=lax`,
    });
  });
}
