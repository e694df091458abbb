import type { FastifyRequest } from 'fastify';
import type { RoleName } from '../plugins/manifest';

/** The signed-in user behind a request. */
export interface Principal {
  userId: string;
  email: string;
  role: RoleName;
  /** Camera ids the user may see; null means every camera. */
  cameraScope: string[] | null;
  /** Session (refresh-token family) id, when the request used one. */
  sessionId: string | null;
  via: 'bearer' | 'cookie' | 'ingress' | 'signed-link';
  /** True while the user must change a one-time or reset password first. */
  mustChangePassword: boolean;
}

/** Provided by the auth-mfa plugin: who is calling. */
export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<Principal | null>;
  /** Whether the principal's account is still active with the same role (WebSocket re-checks). */
  isActive(principal: Principal): Promise<boolean>;
}

/** Provided by the rbac plugin: what the caller may do. */
export interface Authorizer {
  can(principal: Principal, permission: string): boolean;
  permissionsOf(role: RoleName): string[];
}

export interface NewUser {
  email: string;
  role: RoleName;
  /** Omitted: a one-time password is made and must be changed at first login. */
  password?: string;
  displayName?: string;
}

/** Provided by the auth-mfa plugin for the CLI's create-user and start banner. */
export interface UserAdministration {
  createUser(input: NewUser): Promise<{ id: string; email: string; role: RoleName; oneTimePassword?: string }>;
  /**
   * The first SuperAdmin's email and one-time password when this start created them, once:
   * later calls return undefined, so the password is shown in one place only.
   */
  takeFirstLogin(): { email: string; oneTimePassword: string } | undefined;
}

/** Permission value meaning "any signed-in user". */
export const AUTHENTICATED = 'authenticated';

declare module '../plugins/services' {
  interface CentinelaServices {
    authenticator: Authenticator;
    authorizer: Authorizer;
    users: UserAdministration;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Permission the caller needs; 'authenticated' means any signed-in user. */
    permission?: string;
    /** Explicitly open to everyone. */
    public?: boolean;
    /** Set by the plugin registry: the plugin that owns the route. */
    plugin?: string;
    /** Reachable while the user still has to change a one-time password. */
    allowPendingPasswordChange?: boolean;
  }

  interface FastifyRequest {
    /** Site the request is about: header X-Centinela-Site, query site_id, or the first site. */
    siteId: string;
    principal: Principal | null;
  }
}
