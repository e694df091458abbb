import type { MediaLinkClaims, MediaLinkSigner } from '@centinela/core';
import type { FastifyInstance } from 'fastify';
import { FrigateErrors } from '../errors';
import { sendMedia } from '../media/send-media';
import type { FrigateEventsService } from '../service';
import { rangeHeaders } from './schemas';

const tokenParams = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  // No pattern: a malformed token gets the same 404 as a forged one, not a 400 naming the rule.
  properties: { token: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/**
 * Check a link and return its claims; raise 404 for a forged or damaged one and 410 for an
 * expired one. Verifying with the clock at zero checks only the signature, so an expired link
 * can be distinguished from a forged one.
 */
export function readMediaLink(
  signer: MediaLinkSigner,
  token: string,
  nowSeconds: number = Date.now() / 1000,
): MediaLinkClaims {
  const claims = signer.verify(token, 0);
  if (claims === null) {
    throw FrigateErrors.mediaLinkInvalid({
      fix: 'Open the newest notification, or open the event in the portal.',
    });
  }
  if (claims.expiresAt < nowSeconds) {
    throw FrigateErrors.mediaLinkExpired(new Date(claims.expiresAt * 1000).toISOString(), {
      fix: 'Open the event in the portal; CENTINELA_MEDIA_LINK_MINUTES sets how long new links last.',
    });
  }
  return claims;
}

/**
 * `GET /api/media/{token}`: public, because phones open these links from Home Assistant
 * notifications without a Centinela session. The signed token names one event's snapshot,
 * clip or thumbnail and expires; the bytes come through the same proxy as the event routes.
 */
export function registerMediaLinkRoutes(
  app: FastifyInstance,
  service: FrigateEventsService,
  signer: () => MediaLinkSigner,
): void {
  app.get<{ Params: { token: string }; Headers: { range?: string } }>(
    '/media/:token',
    {
      config: { public: true },
      schema: {
        tags: ['events'],
        summary:
          "One event's snapshot, clip or thumbnail through a signed, expiring link (no login).",
        params: tokenParams,
        headers: rangeHeaders,
      },
    },
    async (request, reply) => {
      const claims = readMediaLink(signer(), request.params.token);
      // A site where the plugin no longer runs has no events to show: same 404 as a removed event.
      const event = service.isRunning(claims.siteId)
        ? await service.getEvent(claims.siteId, claims.eventId)
        : null;
      if (event === null) {
        throw FrigateErrors.eventNotFound(claims.eventId, {
          fix: 'The event was removed; open the portal for newer events.',
        });
      }
      const range = claims.kind === 'clip' ? request.headers.range : undefined;
      return sendMedia(reply, (signal) =>
        service.openMedia(claims.siteId, event, claims.kind, range, signal),
      );
    },
  );
}
