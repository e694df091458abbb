/**
 * Centinela Lovelace cards. Importing this module defines the elements once, however
 * often it is loaded, and lists both cards in Home Assistant's card picker. The portal
 * imports the same elements and client from here.
 */
export { CentinelaCamerasCard } from './cards/cameras-card/cameras-card';
export { CentinelaEventsCard } from './cards/events-card/events-card';
export {
  validateCamerasCardConfig,
  type CamerasCardConfig,
  type CameraMapping,
} from './cards/cameras-card/cameras-card-config';
export {
  validateEventsCardConfig,
  type EventsCardConfig,
} from './cards/events-card/events-card-config';
export { CAMERAS_CARD_TAG, CAMERAS_CARD_EDITOR_TAG } from './cards/cameras-card/const';
export { EVENTS_CARD_TAG, EVENTS_CARD_EDITOR_TAG } from './cards/events-card/const';
export { CentinelaClient, type CentinelaClientOptions } from './api/client';
export { CentinelaApiError } from './api/errors';
export { CursorFeed, mergePage, type PageLoader } from './api/cursor-feed';
export type { Subscription, SubscriptionHandlers, SubscriptionStatus } from './api/subscription';
export type * from './api/types';
export {
  localize,
  localizeLabel,
  resolveLanguage,
  normalizeLanguage,
  type Language,
  type TranslationKey,
} from './i18n';
export { CentinelaEventListItem, EVENT_LIST_ITEM_TAG, EVENT_OPEN } from './shared/event-list-item';
export { CentinelaClipDialog, CLIP_DIALOG_TAG, EXPORT_REQUEST } from './shared/clip-dialog';
export {
  CentinelaExportDialog,
  EXPORT_DIALOG_TAG,
  EVIDENCE_EXPORTED,
} from './shared/export-dialog';
export { CentinelaStatusMessage, STATUS_MESSAGE_TAG } from './shared/status-message';
export { CardConfigError } from './shared/config-validation';
