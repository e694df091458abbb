import { randomUUID } from 'node:crypto';
import { ROLE_NAMES, type IngressRoleRule, type Principal, type RoleName } from '@centinela/core';
import type { FastifyRequest } from 'fastify';
import type { AuthContext } from '../context';
import { UserSchema, type User } from '../entities';
import { AUTH_ACTIONS } from '../events';
import { requestMeta } from '../request-meta';

/** The Home Assistant Supervisor's address on its internal network; ingress requests come from it. */
export const DEFAULT_SUPERVISOR_ADDRESS = '172.30.32.2';

/** Ingress settings of one site, from the plugin config and CENTINELA_INGRESS_ROLE_MAP. */
export interface IngressConfig {
  /** Site rules first, then the rules of the environment variable. */
  roleMap: IngressRoleRule[];
  defaultRole: RoleName | 'none';
  supervisorAddress: string;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined;
}

/** Check whether the TCP peer is the Supervisor, also in the IPv4-mapped IPv6 form of its address. */
function isFromSupervisor(remoteAddress: string | undefined, supervisorAddress: string): boolean {
  return remoteAddress === supervisorAddress || remoteAddress === `::ffff:${supervisorAddress}`;
}

/**
 * The user of a Home Assistant ingress request. The X-Remote-User-* headers are trusted only
 * when ingress is on and the TCP peer (never X-Forwarded-For) is the Supervisor, which strips
 * client copies of them. From anywhere else they are ignored and the result is `undefined`.
 * `null` means the headers are trusted but the user gets no role, or was disabled in Centinela.
 */
export async function ingressPrincipal(
  context: AuthContext,
  request: FastifyRequest,
): Promise<Principal | null | undefined> {
  if (!context.config.ingress) return undefined;
  const config = ingressConfig(context, request.siteId);
  if (!isFromSupervisor(request.socket.remoteAddress, config.supervisorAddress)) return undefined;
  const haUserId = header(request, 'x-remote-user-id');
  if (haUserId === undefined) return undefined;
  const name = header(request, 'x-remote-user-name');
  const displayName = header(request, 'x-remote-user-display-name') ?? name ?? haUserId;

  const role = await roleFor(context, config, haUserId, name);
  if (role === null) return null;
  const user = await shadowUser(context, request, haUserId, displayName, role);
  if (!user.active) return null;
  return {
    userId: user.id,
    email: user.email,
    role: user.role,
    cameraScope: user.cameraScope,
    sessionId: null,
    via: 'ingress',
    mustChangePassword: false,
  };
}

function ingressConfig(context: AuthContext, siteId: string): IngressConfig {
  const config = context.sites.pluginState(siteId, 'auth-mfa')?.config ?? {};
  const siteRules = Array.isArray(config.ingress_role_map)
    ? (config.ingress_role_map as IngressRoleRule[])
    : [];
  const fallback = config.ingress_default_role;
  const defaultRole =
    fallback === 'none' || ROLE_NAMES.includes(fallback as RoleName)
      ? (fallback as RoleName | 'none')
      : 'ReadOnly';
  const address = config.ingress_supervisor_address;
  return {
    roleMap: [...siteRules, ...context.ingressRoleMap],
    defaultRole,
    supervisorAddress:
      typeof address === 'string' && address !== '' ? address : DEFAULT_SUPERVISOR_ADDRESS,
  };
}

/** The role of the first rule naming the user (by id or name) or one of the user's groups. */
async function roleFor(
  context: AuthContext,
  config: IngressConfig,
  haUserId: string,
  name: string | undefined,
): Promise<RoleName | null> {
  let groups: string[] | null = null;
  for (const rule of config.roleMap) {
    if (
      rule.ha_user !== undefined &&
      (rule.ha_user === haUserId || rule.ha_user.toLowerCase() === name?.toLowerCase())
    )
      return rule.role;
    if (rule.ha_group !== undefined) {
      groups ??=
        (await context.services
          .find('homeAssistantUserGroups')
          ?.groupsOf(haUserId)
          .catch(() => [])) ?? [];
      if (groups.includes(rule.ha_group)) return rule.role;
    }
  }
  return config.defaultRole === 'none' ? null : config.defaultRole;
}

/**
 * Find or create the Centinela user that stands for a Home Assistant user, and keep its role
 * and name in step with the role map. It has no password, so it cannot log in directly.
 */
async function shadowUser(
  context: AuthContext,
  request: FastifyRequest,
  haUserId: string,
  displayName: string,
  role: RoleName,
): Promise<User> {
  const em = context.em();
  const now = context.now();
  const meta = requestMeta(request);
  const existing = await em.findOne(UserSchema, { externalId: haUserId });
  if (existing !== null) {
    if (existing.role !== role || existing.displayName !== displayName) {
      const previousRole = existing.role;
      existing.role = role;
      existing.displayName = displayName;
      existing.updatedAt = now;
      await em.flush();
      if (previousRole !== role) {
        context.publish({
          siteId: meta.siteId,
          actor: { id: null, email: null, address: meta.address, userAgent: meta.userAgent },
          action: AUTH_ACTIONS.userUpdate,
          resource: `user/${existing.id}`,
          details: { source: 'home_assistant_ingress', role: { from: previousRole, to: role } },
        });
      }
    }
    return existing;
  }
  const safeId =
    haUserId
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '')
      .slice(0, 64) || 'user';
  const id = randomUUID();
  await em.execute(
    `insert into users (id, email, display_name, password_hash, role, active, must_change_password, camera_scope,
                        failed_attempts, external_id, created_at, updated_at)
     values (?, ?, ?, null, ?, true, false, null, 0, ?, ?, ?)
     on conflict do nothing`,
    [
      id,
      `ha-${safeId}-${id.slice(0, 8)}@home-assistant.invalid`,
      displayName,
      role,
      haUserId,
      now,
      now,
    ],
    'run',
  );
  const user = await em.findOneOrFail(UserSchema, { externalId: haUserId });
  if (user.id === id) {
    context.publish({
      siteId: meta.siteId,
      actor: { id: null, email: null, address: meta.address, userAgent: meta.userAgent },
      action: AUTH_ACTIONS.userCreate,
      resource: `user/${user.id}`,
      details: {
        source: 'home_assistant_ingress',
        email: user.email,
        role,
        display_name: displayName,
      },
    });
  }
  return user;
}
