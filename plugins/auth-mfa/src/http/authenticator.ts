import type { Authenticator, Principal } from '@centinela/core';
import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '../context';
import { SessionSchema, UserSchema } from '../entities';
import { AuthErrors } from '../errors';
import { AUTH_ACTIONS } from '../events';
import { requestMeta } from '../request-meta';
import { userOfAccessToken, type TokenUser } from '../tokens/access';
import { csrfTokenFor } from '../tokens/token-hash';
import { ACCESS_COOKIE, cookie, csrfMatches, isSafeMethod } from './cookies';
import { ingressPrincipal } from './ingress';
import './route-config';

type Credential = { via: 'bearer' | 'cookie'; token: string };

function isUpgrade(request: FastifyRequest): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket';
}

/**
 * Where the access token comes from, in order: `Authorization: Bearer`, the
 * centinela_access cookie, and for WebSocket upgrades only the `access_token` query
 * parameter (browsers cannot set headers on a WebSocket).
 */
function credentialOf(request: FastifyRequest): Credential | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/i.exec(authorization.trim());
    return match?.[1] === undefined ? null : { via: 'bearer', token: match[1] };
  }
  const fromCookie = cookie(request, ACCESS_COOKIE);
  if (fromCookie !== undefined) return { via: 'cookie', token: fromCookie };
  const query = request.query as Record<string, unknown> | undefined;
  if (isUpgrade(request) && typeof query?.access_token === 'string')
    return { via: 'bearer', token: query.access_token };
  return null;
}

function toPrincipal(user: TokenUser, via: Credential['via']): Principal {
  return {
    userId: user.userId,
    email: user.email,
    role: user.role,
    cameraScope: user.cameraScope,
    sessionId: user.sessionId,
    via,
    mustChangePassword: user.mustChangePassword,
  };
}

type RefusalReason = 'totp_enrollment_required' | 'password_change_required';

/**
 * Tell the audit log about a 403 that is not about a missing permission: the guard publishes
 * `access.denied` only for those, so TOTP enrollment and pending password changes are
 * published here.
 */
function publishRefusal(
  context: AuthContext,
  request: FastifyRequest,
  user: TokenUser,
  reason: RefusalReason,
): void {
  const meta = requestMeta(request);
  context.publish({
    siteId: meta.siteId,
    actor: { id: user.userId, email: user.email, address: meta.address, userAgent: meta.userAgent },
    action: AUTH_ACTIONS.accessDenied,
    resource: `${request.method} ${request.url.split('?')[0] ?? ''}`,
    details: { permission: request.routeOptions.config?.permission ?? null, reason },
  });
}

/**
 * The `authenticator` service the core's guard calls before every non-public route. Besides
 * resolving the caller it enforces two rules the guard does not know: the CSRF token on
 * cookie-authenticated writes, and TOTP enrollment for roles that require it. Refused
 * WebSocket upgrades get null (401), so the guard closes their socket.
 */
export function createAuthenticator(context: AuthContext): Authenticator {
  return {
    async authenticate(request) {
      const credential = credentialOf(request);
      if (credential === null) {
        const ingress = await ingressPrincipal(context, request);
        return ingress ?? null;
      }
      const user = await userOfAccessToken(context, credential.token);
      if (user === null) return null;

      if (
        credential.via === 'cookie' &&
        !isSafeMethod(request) &&
        !csrfMatches(request, csrfTokenFor(context.csrfKey, user.sessionId))
      ) {
        const meta = requestMeta(request);
        context.publish({
          siteId: meta.siteId,
          actor: {
            id: user.userId,
            email: user.email,
            address: meta.address,
            userAgent: meta.userAgent,
          },
          action: AUTH_ACTIONS.csrfRejected,
          resource: `${request.method} ${request.url.split('?')[0] ?? ''}`,
          details: {},
        });
        throw AuthErrors.csrf({
          fix: 'Read the centinela_csrf cookie and send its value in the X-CSRF-Token header.',
        });
      }

      if (
        user.mfaRequired &&
        !user.mfaEnabled &&
        request.routeOptions.config?.allowPendingMfaEnrollment !== true
      ) {
        if (isUpgrade(request)) return null;
        publishRefusal(context, request, user, 'totp_enrollment_required');
        throw AuthErrors.mfaEnrollmentRequired(user.role, {
          fix: 'Enrol an authenticator with POST /api/auth/mfa/totp/enroll, then confirm it with POST /api/auth/mfa/totp/verify.',
          extensions: { mfa_enrollment_required: true },
        });
      }
      // The guard answers CEN_ERR_AUTH_PASSWORD_CHANGE_REQUIRED for this principal (same rule).
      if (
        user.mustChangePassword &&
        request.routeOptions.config?.allowPendingPasswordChange !== true
      ) {
        publishRefusal(context, request, user, 'password_change_required');
      }
      return toPrincipal(user, credential.via);
    },

    /** Re-checked by the WebSocket hub on every subscribe: same role and camera scope, still active, session alive. */
    async isActive(principal) {
      const em = context.em();
      const user = await em.findOne(
        UserSchema,
        { id: principal.userId },
        { fields: ['id', 'active', 'role', 'cameraScope'] },
      );
      if (user === null || !user.active || user.role !== principal.role) return false;
      if (JSON.stringify(user.cameraScope) !== JSON.stringify(principal.cameraScope)) return false;
      if (principal.sessionId === null) return true;
      const session = await em.findOne(
        SessionSchema,
        { id: principal.sessionId },
        { fields: ['id', 'revokedAt', 'expiresAt'] },
      );
      return session !== null && session.revokedAt === null && session.expiresAt > context.now();
    },
  };
}
