import type {} from '@fastify/rate-limit';
import { CoreErrors } from '@centinela/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthContext } from '../context';
import { UserSchema } from '../entities';
import { AuthErrors } from '../errors';
import { AUTH_ACTIONS } from '../events';
import {
  clearSessionCookies,
  cookie,
  csrfMatches,
  REFRESH_COOKIE,
  setSessionCookies,
  ACCESS_COOKIE,
} from '../http/cookies';
import { meView } from '../http/me';
import { loginBody, refreshBody } from '../http/schemas';
import { login } from '../login';
import { requestMeta } from '../request-meta';
import { userOfAccessToken } from '../tokens/access';
import {
  revokeSession,
  rotateRefreshToken,
  sessionOfRefreshToken,
  type IssuedTokens,
} from '../tokens/sessions';
import { csrfTokenFor } from '../tokens/token-hash';

function tokenAnswer(context: AuthContext, tokens: IssuedTokens) {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    expires_in: Math.round((tokens.accessExpiresAt.getTime() - context.now().getTime()) / 1000),
    token_type: 'Bearer' as const,
  };
}

/** `POST /api/auth/login`, `/refresh` and `/logout`: public, since they start or end a session. */
export function registerSessionRoutes(app: FastifyInstance, context: AuthContext): void {
  const { max, timeWindowMs } = context.options.loginRateLimit;

  app.post<{ Body: { email: string; password: string; code?: string } }>(
    '/auth/login',
    {
      config: {
        public: true,
        // Per client address; the window doubles for every attempt made while limited.
        rateLimit: {
          max,
          timeWindow: timeWindowMs,
          exponentialBackoff: true,
          errorResponseBuilder: (_request, limit) =>
            CoreErrors.rateLimited(Math.ceil(limit.ttl / 1000), {
              headers: { 'retry-after': String(Math.ceil(limit.ttl / 1000)) },
            }),
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email, password and, once TOTP is on, a code.',
        body: loginBody,
      },
    },
    async (request, reply) => {
      const result = await login(context, request.body, requestMeta(request));
      setSessionCookies(reply, result.tokens, context.now());
      return {
        ...tokenAnswer(context, result.tokens),
        mfa_enrollment_required: result.mfaEnrollmentRequired,
        user: meView(
          context,
          result.user,
          result.mfaEnabled,
          result.mfaEnrollmentRequired,
          'password',
        ),
      };
    },
  );

  app.post<{ Body: { refresh_token?: string } | undefined }>(
    '/auth/refresh',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token (body or cookie) for a new token pair.',
        body: refreshBody,
      },
    },
    async (request, reply) => {
      const fromBody = request.body?.refresh_token;
      const token = fromBody ?? cookie(request, REFRESH_COOKIE);
      if (token === undefined)
        throw AuthErrors.refreshInvalid({
          fix: 'Send refresh_token in the body, or log in again.',
        });
      if (fromBody === undefined) await requireCsrfForRefreshCookie(context, request, token);
      const tokens = await rotateRefreshToken(context, token, requestMeta(request));
      if (fromBody === undefined) setSessionCookies(reply, tokens, context.now());
      return tokenAnswer(context, tokens);
    },
  );

  app.post<{ Body: { refresh_token?: string } | undefined }>(
    '/auth/logout',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        summary: 'End the session of the given token (bearer, cookie or refresh_token).',
        body: refreshBody,
      },
      // A bearer or cookie logout carries no body; read it as an empty object.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
    },
    async (request, reply) => {
      await logout(context, request, reply);
      return reply.code(204).send();
    },
  );
}

async function requireCsrfForRefreshCookie(
  context: AuthContext,
  request: FastifyRequest,
  refreshToken: string,
): Promise<void> {
  const session = await sessionOfRefreshToken(context.em(), refreshToken);
  if (session === null) return; // rotateRefreshToken rejects it
  if (!csrfMatches(request, csrfTokenFor(context.csrfKey, session.id))) {
    throw AuthErrors.csrf({
      fix: 'Read the centinela_csrf cookie and send its value in the X-CSRF-Token header.',
    });
  }
}

/** Revoke the session behind whichever token the request carries; always clears the cookies. */
async function logout(
  context: AuthContext,
  request: FastifyRequest<{ Body: { refresh_token?: string } | undefined }>,
  reply: FastifyReply,
): Promise<void> {
  const em = context.em();
  const authorization = request.headers.authorization;
  const bearer =
    typeof authorization === 'string'
      ? /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1]
      : undefined;
  const accessCookie = cookie(request, ACCESS_COOKIE);
  const refresh = request.body?.refresh_token ?? cookie(request, REFRESH_COOKIE);
  const usesCookie = bearer === undefined && request.body?.refresh_token === undefined;

  let sessionId: string | null = null;
  let userId: string | null = null;
  const accessUser = bearer ?? accessCookie;
  const fromAccess = accessUser === undefined ? null : await userOfAccessToken(context, accessUser);
  if (fromAccess !== null) {
    sessionId = fromAccess.sessionId;
    userId = fromAccess.userId;
  } else if (refresh !== undefined) {
    const session = await sessionOfRefreshToken(em, refresh);
    if (session !== null && session.revokedAt === null) {
      sessionId = session.id;
      userId = session.userId;
    }
  }
  if (
    sessionId !== null &&
    usesCookie &&
    !csrfMatches(request, csrfTokenFor(context.csrfKey, sessionId))
  ) {
    throw AuthErrors.csrf({
      fix: 'Read the centinela_csrf cookie and send its value in the X-CSRF-Token header.',
    });
  }
  clearSessionCookies(reply);
  if (sessionId === null || userId === null) return;

  await revokeSession(em, sessionId, 'logout', context.now());
  const user = await em.findOne(UserSchema, { id: userId });
  const meta = requestMeta(request);
  context.publish({
    siteId: meta.siteId,
    actor: {
      id: userId,
      email: user?.email ?? null,
      address: meta.address,
      userAgent: meta.userAgent,
    },
    action: AUTH_ACTIONS.logout,
    resource: `session/${sessionId}`,
    details: {},
  });
}
