declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Reachable while the user's role requires TOTP and the user has not enrolled yet
     * (the enrollment routes, `me`, the password change).
     */
    allowPendingMfaEnrollment?: boolean;
  }
}

export {};
