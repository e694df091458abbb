import { defineError } from '@centinela/core';

/** Problems the frigate-events routes and service return (RFC 9457 with these codes). */
export const FrigateErrors = {
  eventNotFound: defineError(
    'CEN_ERR_EVENT_NOT_FOUND',
    404,
    'Event not found',
    (id: string) => `No event with id "${id}" on this site.`,
  ),
  eventNoClip: defineError(
    'CEN_ERR_EVENT_NO_CLIP',
    404,
    'Clip not available',
    (id: string) => `Event "${id}" has no clip in Frigate.`,
  ),
  eventNoSnapshot: defineError(
    'CEN_ERR_EVENT_NO_SNAPSHOT',
    404,
    'Snapshot not available',
    (id: string) => `Event "${id}" has no snapshot in Frigate.`,
  ),
  eventNoThumbnail: defineError(
    'CEN_ERR_EVENT_NO_THUMBNAIL',
    404,
    'Thumbnail not available',
    (id: string) => `Event "${id}" has no thumbnail in Frigate.`,
  ),
  mediaNotReady: defineError(
    'CEN_ERR_EVENT_MEDIA_NOT_READY',
    409,
    'Media not ready yet',
    (id: string, kind: string) => `The ${kind} of event "${id}" is not ready in Frigate yet.`,
  ),
  rangeNotSatisfiable: defineError(
    'CEN_ERR_EVENT_RANGE_NOT_SATISFIABLE',
    416,
    'Range not satisfiable',
    (range: string) => `The requested range "${range}" is outside the clip.`,
  ),
  mediaLinkInvalid: defineError(
    'CEN_ERR_MEDIA_LINK_INVALID',
    404,
    'Media link not valid',
    () => 'This media link is not valid: it was changed, cut short or signed with another key.',
  ),
  mediaLinkExpired: defineError(
    'CEN_ERR_MEDIA_LINK_EXPIRED',
    410,
    'Media link expired',
    (expiredAt: string) => `This media link expired at ${expiredAt}.`,
  ),
  cameraNotFound: defineError(
    'CEN_ERR_CAMERA_NOT_FOUND',
    404,
    'Camera not found',
    (id: string) => `No camera with id "${id}" on this site.`,
  ),
  cameraNoSnapshot: defineError(
    'CEN_ERR_CAMERA_NO_SNAPSHOT',
    404,
    'No snapshot for this camera',
    (name: string) => `Camera "${name}" has no event with a snapshot yet.`,
  ),
  cameraExists: defineError(
    'CEN_ERR_CAMERA_EXISTS',
    409,
    'Camera already exists',
    (name: string) => `A camera named "${name}" already exists on this site.`,
  ),
  cameraNotInFrigate: defineError(
    'CEN_ERR_CAMERA_NOT_IN_FRIGATE',
    422,
    'Camera not in Frigate',
    (name: string) => `Frigate's config has no camera named "${name}".`,
  ),
  frigateUnreachable: defineError(
    'CEN_ERR_FRIGATE_UNREACHABLE',
    502,
    'Frigate unreachable',
    (reason: string) => `Frigate could not be reached: ${reason}.`,
  ),
  frigateBadResponse: defineError(
    'CEN_ERR_FRIGATE_BAD_RESPONSE',
    502,
    'Bad response from Frigate',
    (what: string) => `Frigate returned ${what}.`,
  ),
  frigateAuthFailed: defineError(
    'CEN_ERR_FRIGATE_AUTH_FAILED',
    502,
    'Frigate login failed',
    (reason: string) => `Logging in to Frigate failed: ${reason}.`,
  ),
  frigateTimeout: defineError(
    'CEN_ERR_FRIGATE_TIMEOUT',
    504,
    'Frigate timed out',
    (what: string) => `Frigate did not respond to ${what} in time.`,
  ),
  notConfigured: defineError(
    'CEN_ERR_FRIGATE_NOT_CONFIGURED',
    503,
    'Frigate not configured',
    (siteId: string) => `Site "${siteId}" has no Frigate URL.`,
  ),
  notRunning: defineError(
    'CEN_ERR_FRIGATE_NOT_RUNNING',
    503,
    'Frigate connection not running',
    (siteId: string) => `The frigate-events plugin is not running on site "${siteId}".`,
  ),
};
