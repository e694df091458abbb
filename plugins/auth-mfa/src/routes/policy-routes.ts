import { requirePrincipal, type RoleName } from '@centinela/core';
import type { FastifyInstance } from 'fastify';
import type { AuthContext } from '../context';
import { AUTH_ACTIONS } from '../events';
import { policyBody } from '../http/schemas';
import { readPolicy, writePolicy, type LoginPolicy } from '../policy';
import { requestMeta } from '../request-meta';

export const POLICY_PERMISSION = 'auth:policy';

function policyView(policy: LoginPolicy) {
  return {
    mfa_required_roles: policy.mfaRequiredRoles,
    updated_at: policy.updatedAt.toISOString(),
    updated_by: policy.updatedBy,
  };
}

/** `GET|PUT /api/auth/policy`: which roles must use TOTP. */
export function registerPolicyRoutes(app: FastifyInstance, context: AuthContext): void {
  app.get(
    '/auth/policy',
    {
      config: { permission: POLICY_PERMISSION },
      schema: { tags: ['auth'], summary: 'The login policy.' },
    },
    async () => policyView(await readPolicy(context.em())),
  );

  app.put<{ Body: { mfa_required_roles: RoleName[] } }>(
    '/auth/policy',
    {
      config: { permission: POLICY_PERMISSION },
      schema: { tags: ['auth'], summary: 'Set the roles that must use TOTP.', body: policyBody },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const em = context.em();
      const before = await readPolicy(em);
      const policy = await writePolicy(
        em,
        request.body.mfa_required_roles,
        principal.userId,
        context.now(),
      );
      const meta = requestMeta(request);
      context.publish({
        siteId: meta.siteId,
        actor: {
          id: principal.userId,
          email: principal.email,
          address: meta.address,
          userAgent: meta.userAgent,
        },
        action: AUTH_ACTIONS.policyChange,
        resource: 'auth/policy',
        details: {
          mfa_required_roles: { from: before.mfaRequiredRoles, to: policy.mfaRequiredRoles },
        },
      });
      return policyView(policy);
    },
  );
}
