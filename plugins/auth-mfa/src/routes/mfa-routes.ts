import { AUTHENTICATED, requirePrincipal } from '@centinela/core';
import type { FastifyInstance } from 'fastify';
import type { AuthContext } from '../context';
import { UserSchema } from '../entities';
import { currentPasswordBody, totpVerifyBody } from '../http/schemas';
import { confirmTotp, disableTotp, enrollTotp, regenerateRecoveryCodes } from '../mfa/enrollment';
import { requestMeta } from '../request-meta';

/** TOTP enrollment, confirmation and removal for the signed-in user. */
export function registerMfaRoutes(app: FastifyInstance, context: AuthContext): void {
  const config = { permission: AUTHENTICATED, allowPendingMfaEnrollment: true };

  app.post<{ Body: { current_password: string } }>(
    '/auth/mfa/totp/enroll',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrollment: secret, otpauth URI and QR code.',
        body: currentPasswordBody,
      },
    },
    async (request) => {
      const user = await context
        .em()
        .findOneOrFail(UserSchema, { id: requirePrincipal(request).userId });
      const enrollment = await enrollTotp(
        context,
        user,
        request.body.current_password,
        requestMeta(request),
      );
      return {
        secret: enrollment.secret,
        otpauth_uri: enrollment.otpauthUri,
        qr_svg: enrollment.qrSvg,
        qr_data_url: enrollment.qrDataUrl,
      };
    },
  );

  app.post<{ Body: { code: string } }>(
    '/auth/mfa/totp/verify',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Confirm TOTP with a first code; returns ten recovery codes once.',
        body: totpVerifyBody,
      },
    },
    async (request) => {
      const user = await context
        .em()
        .findOneOrFail(UserSchema, { id: requirePrincipal(request).userId });
      const codes = await confirmTotp(context, user, request.body.code, requestMeta(request));
      return { enabled: true, recovery_codes: codes };
    },
  );

  app.delete<{ Body: { current_password: string } }>(
    '/auth/mfa/totp',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Turn TOTP off (needs the current password).',
        body: currentPasswordBody,
      },
    },
    async (request, reply) => {
      const user = await context
        .em()
        .findOneOrFail(UserSchema, { id: requirePrincipal(request).userId });
      await disableTotp(context, user, request.body.current_password, requestMeta(request));
      return reply.code(204).send();
    },
  );

  app.post<{ Body: { current_password: string } }>(
    '/auth/mfa/recovery-codes',
    {
      config,
      schema: {
        tags: ['auth'],
        summary: 'Replace the ten recovery codes (needs the current password); returns them once.',
        body: currentPasswordBody,
      },
    },
    async (request) => {
      const user = await context
        .em()
        .findOneOrFail(UserSchema, { id: requirePrincipal(request).userId });
      return {
        recovery_codes: await regenerateRecoveryCodes(
          context,
          user,
          request.body.current_password,
          requestMeta(request),
        ),
      };
    },
  );
}
