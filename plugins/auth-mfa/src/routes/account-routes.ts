import { AUTHENTICATED, requirePrincipal } from '@centinela/core';
import type { FastifyInstance } from 'fastify';
import type { AuthContext } from '../context';
import { UserSchema } from '../entities';
import { meView } from '../http/me';
import { passwordChangeBody } from '../http/schemas';
import { changePassword } from '../passwords/change';
import { mustEnrollMfa, readPolicy } from '../policy';
import { requestMeta } from '../request-meta';
import { isMfaEnabled } from '../users';

/** `GET /api/auth/me` and `POST /api/auth/password`: reachable before a required change or enrollment. */
export function registerAccountRoutes(app: FastifyInstance, context: AuthContext): void {
  const pending = {
    permission: AUTHENTICATED,
    allowPendingPasswordChange: true,
    allowPendingMfaEnrollment: true,
  };

  app.get(
    '/auth/me',
    {
      config: pending,
      schema: { tags: ['auth'], summary: 'The signed-in user, role and permissions.' },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const em = context.em();
      const user = await em.findOneOrFail(UserSchema, { id: principal.userId });
      const mfaEnabled = await isMfaEnabled(em, user.id);
      const required =
        principal.via !== 'ingress' && mustEnrollMfa(await readPolicy(em), user.role, mfaEnabled);
      return meView(context, user, mfaEnabled, required, principal.via);
    },
  );

  app.post<{ Body: { current_password: string; new_password: string } }>(
    '/auth/password',
    {
      config: pending,
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; other sessions are signed out.',
        body: passwordChangeBody,
      },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      await changePassword(
        context,
        principal,
        request.body.current_password,
        request.body.new_password,
        requestMeta(request),
      );
      return reply.code(204).send();
    },
  );
}
