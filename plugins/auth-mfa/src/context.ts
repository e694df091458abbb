import type {
  AppConfig,
  EventBus,
  IngressRoleRule,
  PluginContext,
  RoleName,
  ServiceRegistry,
  SiteDirectory,
} from '@centinela/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { MikroORM } from '@mikro-orm/core';
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { SecurityActivity } from './events';
import { DummyHash } from './passwords/hashing';
import type { ResolvedAuthMfaOptions } from './options';
import { SecretBox } from './secret-box';

/**
 * Everything the auth-mfa code needs, made once per Centinela instance in `setup` and shared
 * as the `authMfa` service (rbac uses it to manage users).
 */
export class AuthContext {
  readonly orm: MikroORM;
  readonly config: AppConfig;
  readonly bus: EventBus;
  readonly services: ServiceRegistry;
  readonly sites: SiteDirectory;
  readonly log: Logger;
  readonly secretBox: SecretBox;
  readonly dummyHash = new DummyHash();
  /** Key of the CSRF token MAC, derived from the secret key. */
  readonly csrfKey: Buffer;
  /** Ingress role rules that apply on every site after the site's own rules. */
  readonly ingressRoleMap: IngressRoleRule[];

  constructor(
    context: PluginContext,
    readonly options: ResolvedAuthMfaOptions,
  ) {
    const secretKey = context.config.secretKey;
    if (secretKey === undefined)
      throw new Error('auth-mfa needs config.secretKey; the server sets it at start.');
    this.orm = context.orm;
    this.config = context.config;
    this.bus = context.bus;
    this.services = context.services;
    this.sites = context.sites;
    this.log = context.log;
    this.secretBox = new SecretBox(secretKey);
    this.csrfKey = createHmac('sha256', Buffer.from(secretKey, 'base64'))
      .update('centinela csrf v1')
      .digest();
    this.ingressRoleMap = options.ingressRoleMap ?? context.config.ingressRoleMap ?? [];
  }

  now(): Date {
    return this.options.clock();
  }

  /** A fresh EntityManager; the ORM refuses work on the global one. */
  em(): SqlEntityManager {
    return this.orm.em.fork() as SqlEntityManager;
  }

  publish(activity: SecurityActivity): void {
    this.bus.publish('auth.activity', activity);
  }

  /** Permissions of a role from the rbac plugin's table; empty while rbac is not loaded. */
  permissionsOf(role: RoleName): string[] {
    return this.services.find('authorizer')?.permissionsOf(role) ?? [];
  }
}
