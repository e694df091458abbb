import { randomUUID } from 'node:crypto';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { AuthContext } from '../context';
import {
  AccessTokenSchema,
  RefreshTokenSchema,
  SessionSchema,
  UserSchema,
  type Session,
} from '../entities';
import { AuthErrors } from '../errors';
import { AUTH_ACTIONS } from '../events';
import type { RequestMeta } from '../request-meta';
import { csrfTokenFor, newToken, tokenHash } from './token-hash';

export interface IssuedTokens {
  sessionId: string;
  userId: string;
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
  csrfToken: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Start a session (a refresh-token family) for a user who just logged in. */
export async function startSession(
  context: AuthContext,
  userId: string,
  meta: RequestMeta,
): Promise<IssuedTokens> {
  const now = context.now();
  const em = context.em();
  const session = em.create(SessionSchema, {
    id: randomUUID(),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + context.options.sessionDays * DAY_MS),
    lastUsedAt: now,
    revokedAt: null,
    revokedReason: null,
    address: meta.address,
    userAgent: meta.userAgent,
  });
  // The tokens reference the session; without ORM relations the insert order is not derived.
  await em.flush();
  const tokens = issueTokens(context, em, session, now);
  // Expired access tokens of this user are useless; drop them while we are here.
  await em.nativeDelete(AccessTokenSchema, { userId, expiresAt: { $lte: now } });
  await em.flush();
  return tokens;
}

function issueTokens(
  context: AuthContext,
  em: SqlEntityManager,
  session: Session,
  now: Date,
): IssuedTokens {
  const accessToken = newToken();
  const refreshToken = newToken();
  const accessExpiresAt = new Date(
    Math.min(
      now.getTime() + context.options.accessTokenMinutes * MINUTE_MS,
      session.expiresAt.getTime(),
    ),
  );
  em.create(AccessTokenSchema, {
    tokenHash: tokenHash(accessToken),
    sessionId: session.id,
    userId: session.userId,
    createdAt: now,
    expiresAt: accessExpiresAt,
  });
  em.create(RefreshTokenSchema, {
    id: randomUUID(),
    sessionId: session.id,
    tokenHash: tokenHash(refreshToken),
    createdAt: now,
    expiresAt: session.expiresAt,
    usedAt: null,
  });
  return {
    sessionId: session.id,
    userId: session.userId,
    accessToken,
    accessExpiresAt,
    refreshToken,
    refreshExpiresAt: session.expiresAt,
    csrfToken: csrfTokenFor(context.csrfKey, session.id),
  };
}

/**
 * Exchange a refresh token for a new pair. Each refresh token works once: presenting one that
 * was already exchanged means it was copied, so the whole session (every token issued from the
 * same login) is revoked and the reuse is audited.
 */
export async function rotateRefreshToken(
  context: AuthContext,
  refreshToken: string,
  meta: RequestMeta,
): Promise<IssuedTokens> {
  const now = context.now();
  const em = context.em();
  const row = await em.findOne(RefreshTokenSchema, { tokenHash: tokenHash(refreshToken) });
  if (row === null) throw AuthErrors.refreshInvalid();
  const session = await em.findOne(SessionSchema, { id: row.sessionId });
  if (session === null || session.revokedAt !== null || session.expiresAt <= now)
    throw AuthErrors.refreshInvalid();

  const claimed =
    row.usedAt === null
      ? await em.nativeUpdate(RefreshTokenSchema, { id: row.id, usedAt: null }, { usedAt: now })
      : 0;
  if (claimed === 0) {
    await revokeSession(em, session.id, 'refresh_token_reuse', now);
    const user = await em.findOne(UserSchema, { id: session.userId });
    context.log.warn(
      { userId: session.userId, sessionId: session.id },
      'refresh token reused; session revoked',
    );
    context.publish({
      siteId: meta.siteId,
      actor: {
        id: session.userId,
        email: user?.email ?? null,
        address: meta.address,
        userAgent: meta.userAgent,
      },
      action: AUTH_ACTIONS.refreshReuse,
      resource: `session/${session.id}`,
      details: {
        reason:
          'a refresh token was presented a second time; every token of the session is revoked',
      },
    });
    throw AuthErrors.refreshInvalid();
  }

  const user = await em.findOne(UserSchema, { id: session.userId });
  if (user === null || !user.active) {
    await revokeSession(em, session.id, 'user_inactive', now);
    throw AuthErrors.refreshInvalid();
  }
  session.lastUsedAt = now;
  const tokens = issueTokens(context, em, session, now);
  await em.flush();
  return tokens;
}

/** Revoke one session: its refresh and access tokens stop working at once. */
export async function revokeSession(
  em: SqlEntityManager,
  sessionId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await em.nativeUpdate(
    SessionSchema,
    { id: sessionId, revokedAt: null },
    { revokedAt: now, revokedReason: reason },
  );
  await em.nativeDelete(AccessTokenSchema, { sessionId });
}

/** Revoke every session of a user, except `keepSessionId` (the caller's own, after a password change). */
export async function revokeUserSessions(
  em: SqlEntityManager,
  userId: string,
  reason: string,
  now: Date,
  keepSessionId: string | null = null,
): Promise<number> {
  const where =
    keepSessionId === null
      ? { userId, revokedAt: null }
      : { userId, revokedAt: null, id: { $ne: keepSessionId } };
  const sessions = await em.find(SessionSchema, where, { fields: ['id'] });
  for (const session of sessions) await revokeSession(em, session.id, reason, now);
  return sessions.length;
}

/** The session a refresh token belongs to, without using the token. */
export async function sessionOfRefreshToken(
  em: SqlEntityManager,
  refreshToken: string,
): Promise<Session | null> {
  const row = await em.findOne(RefreshTokenSchema, { tokenHash: tokenHash(refreshToken) });
  return row === null ? null : em.findOne(SessionSchema, { id: row.sessionId });
}
