import { requirePrincipal, ROLE_NAMES, type RoleName } from '@centinela/core';
import { currentPasswordBody, requestMeta, type AuthContext } from '@centinela/plugin-auth-mfa';
import type { FastifyInstance } from 'fastify';
import { USERS_PERMISSION } from './manifest';
import type { RoleTable } from './role-table';
import { createBody, listQuery, patchBody, userParams } from './schemas';
import {
  addUser,
  getUser,
  listUsers,
  resetUserMfa,
  resetUserPassword,
  updateUser,
  type NewUserBody,
  type UserPatch,
} from './users';

/** Users API for SuperAdmins, and the role table. */
export function registerRbacRoutes(
  app: FastifyInstance,
  auth: AuthContext,
  table: () => RoleTable,
): void {
  const config = { permission: USERS_PERMISSION };

  app.get<{ Querystring: { cursor?: string; limit: number; role?: RoleName; active?: boolean } }>(
    '/users',
    {
      config,
      schema: { tags: ['users'], summary: 'Users, newest first.', querystring: listQuery },
    },
    async (request) => {
      const { cursor, limit, role, active } = request.query;
      return listUsers(auth, {
        limit,
        ...(cursor === undefined ? {} : { cursor }),
        ...(role === undefined ? {} : { role }),
        ...(active === undefined ? {} : { active }),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/users/:id',
    { config, schema: { tags: ['users'], summary: 'One user.', params: userParams } },
    async (request) => getUser(auth, request.params.id),
  );

  app.post<{ Body: NewUserBody }>(
    '/users',
    {
      config,
      schema: {
        tags: ['users'],
        summary: 'Create a user; without a password the answer has a one-time password.',
        body: createBody,
      },
    },
    async (request, reply) => {
      const created = await addUser(
        auth,
        request.body,
        requirePrincipal(request),
        requestMeta(request),
      );
      return reply.code(201).send(created);
    },
  );

  app.patch<{ Params: { id: string }; Body: UserPatch }>(
    '/users/:id',
    {
      config,
      schema: {
        tags: ['users'],
        summary: 'Change role, active state, name or camera scope.',
        params: userParams,
        body: patchBody,
      },
    },
    async (request) =>
      updateUser(
        auth,
        request.params.id,
        request.body,
        requirePrincipal(request),
        requestMeta(request),
      ),
  );

  app.post<{ Params: { id: string } }>(
    '/users/:id/reset-password',
    {
      config,
      schema: {
        tags: ['users'],
        summary: 'Set a one-time password, force a change at next login and sign the user out.',
        params: userParams,
      },
    },
    async (request) => ({
      one_time_password: await resetUserPassword(
        auth,
        request.params.id,
        requirePrincipal(request),
        requestMeta(request),
      ),
    }),
  );

  app.post<{ Params: { id: string }; Body: { current_password: string } }>(
    '/users/:id/reset-mfa',
    {
      config,
      schema: {
        tags: ['users'],
        summary:
          "Turn a user's TOTP off (lost authenticator) and sign the user out; needs your own current password.",
        params: userParams,
        body: currentPasswordBody,
      },
    },
    async (request, reply) => {
      await resetUserMfa(
        auth,
        request.params.id,
        requirePrincipal(request),
        request.body.current_password,
        requestMeta(request),
      );
      return reply.code(204).send();
    },
  );

  app.get(
    '/roles',
    { config, schema: { tags: ['users'], summary: 'Every role with its permissions.' } },
    async () => ({
      items: ROLE_NAMES.map((role) => ({
        name: role,
        permissions: [...(table().get(role) ?? [])].sort(),
      })),
      next_cursor: null,
    }),
  );
}
