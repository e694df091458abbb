import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { RoleName } from '@centinela/core';

export interface User {
  id: string;
  /** Always lower case. */
  email: string;
  displayName: string;
  /** Argon2id PHC string; null for Home Assistant ingress users, who never log in here. */
  passwordHash: string | null;
  role: RoleName;
  active: boolean;
  mustChangePassword: boolean;
  /** Camera ids the user may see; null means every camera. */
  cameraScope: string[] | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  /** Home Assistant user id of an ingress user. */
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One login: the family of refresh and access tokens issued from it. */
export interface Session {
  id: string;
  userId: string;
  createdAt: Date;
  /** Absolute end; refreshing never extends a session past it. */
  expiresAt: Date;
  lastUsedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  address: string | null;
  userAgent: string | null;
}

export interface RefreshToken {
  id: string;
  sessionId: string;
  /** SHA-256 of the token, hex. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  /** Set when the token was exchanged; a second use revokes the session. */
  usedAt: Date | null;
}

export interface AccessToken {
  /** SHA-256 of the token, hex. */
  tokenHash: string;
  sessionId: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface MfaTotp {
  userId: string;
  /** Id of the key that encrypted the secret (see secret-box.ts). */
  keyId: string;
  secretCiphertext: string;
  createdAt: Date;
  /** Null while the enrollment waits for its first code. */
  enabledAt: Date | null;
  /** Time step of the last accepted code; codes of this step or older are rejected. */
  lastUsedStep: number | null;
}

export interface RecoveryCode {
  id: string;
  userId: string;
  /** `<salt hex>$<SHA-256(salt || code) hex>`. */
  codeHash: string;
  createdAt: Date;
  usedAt: Date | null;
}

/** The single row (id 1) of login policy. */
export interface AuthPolicy {
  id: number;
  mfaRequiredRoles: RoleName[];
  updatedAt: Date;
  updatedBy: string | null;
}

const timestamp = (fieldName: string, nullable = false) =>
  ({ type: 'Date', fieldName, columnType: 'timestamptz', nullable }) as const;

export const UserSchema = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  properties: {
    id: { type: 'uuid', primary: true },
    email: { type: 'string', unique: true },
    displayName: { type: 'string', fieldName: 'display_name' },
    passwordHash: { type: 'string', fieldName: 'password_hash', nullable: true },
    role: { type: 'string' },
    active: { type: 'boolean' },
    mustChangePassword: { type: 'boolean', fieldName: 'must_change_password' },
    cameraScope: { type: 'json', fieldName: 'camera_scope', nullable: true },
    failedAttempts: { type: 'integer', fieldName: 'failed_attempts' },
    lockedUntil: timestamp('locked_until', true),
    lastLoginAt: timestamp('last_login_at', true),
    externalId: { type: 'string', fieldName: 'external_id', nullable: true },
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
});

export const SessionSchema = new EntitySchema<Session>({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    id: { type: 'uuid', primary: true },
    userId: { type: 'uuid', fieldName: 'user_id' },
    createdAt: timestamp('created_at'),
    expiresAt: timestamp('expires_at'),
    lastUsedAt: timestamp('last_used_at'),
    revokedAt: timestamp('revoked_at', true),
    revokedReason: { type: 'string', fieldName: 'revoked_reason', nullable: true },
    address: { type: 'string', nullable: true },
    userAgent: { type: 'string', fieldName: 'user_agent', nullable: true },
  },
});

export const RefreshTokenSchema = new EntitySchema<RefreshToken>({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  properties: {
    id: { type: 'uuid', primary: true },
    sessionId: { type: 'uuid', fieldName: 'session_id' },
    tokenHash: { type: 'string', fieldName: 'token_hash', unique: true },
    createdAt: timestamp('created_at'),
    expiresAt: timestamp('expires_at'),
    usedAt: timestamp('used_at', true),
  },
});

export const AccessTokenSchema = new EntitySchema<AccessToken>({
  name: 'AccessToken',
  tableName: 'access_tokens',
  properties: {
    tokenHash: { type: 'string', primary: true, fieldName: 'token_hash' },
    sessionId: { type: 'uuid', fieldName: 'session_id' },
    userId: { type: 'uuid', fieldName: 'user_id' },
    createdAt: timestamp('created_at'),
    expiresAt: timestamp('expires_at'),
  },
});

export const MfaTotpSchema = new EntitySchema<MfaTotp>({
  name: 'MfaTotp',
  tableName: 'mfa_totp',
  properties: {
    userId: { type: 'uuid', primary: true, fieldName: 'user_id' },
    keyId: { type: 'string', fieldName: 'key_id' },
    secretCiphertext: { type: 'string', fieldName: 'secret_ciphertext' },
    createdAt: timestamp('created_at'),
    enabledAt: timestamp('enabled_at', true),
    lastUsedStep: { type: new BigIntType('number'), fieldName: 'last_used_step', nullable: true },
  },
});

export const RecoveryCodeSchema = new EntitySchema<RecoveryCode>({
  name: 'RecoveryCode',
  tableName: 'recovery_codes',
  properties: {
    id: { type: 'uuid', primary: true },
    userId: { type: 'uuid', fieldName: 'user_id' },
    codeHash: { type: 'string', fieldName: 'code_hash' },
    createdAt: timestamp('created_at'),
    usedAt: timestamp('used_at', true),
  },
});

export const AuthPolicySchema = new EntitySchema<AuthPolicy>({
  name: 'AuthPolicy',
  tableName: 'auth_policy',
  properties: {
    id: { type: 'integer', primary: true },
    mfaRequiredRoles: { type: 'json', fieldName: 'mfa_required_roles' },
    updatedAt: timestamp('updated_at'),
    updatedBy: { type: 'uuid', fieldName: 'updated_by', nullable: true },
  },
});

export const AUTH_ENTITIES = [
  UserSchema,
  SessionSchema,
  RefreshTokenSchema,
  AccessTokenSchema,
  MfaTotpSchema,
  RecoveryCodeSchema,
  AuthPolicySchema,
];
