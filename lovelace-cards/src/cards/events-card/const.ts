export const EVENTS_CARD_TAG = 'centinela-events-card';
export const EVENTS_CARD_EDITOR_TAG = 'centinela-events-card-editor';
export const EVENTS_CARD_NAME = 'Centinela events';
export const EVENTS_CARD_DESCRIPTION =
  'Newest detections with thumbnails, filters, clip playback and evidence export.';

export const TIME_RANGES = ['1h', '24h', '7d', '30d', 'all'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

export const LIST_MODES = ['events', 'reviews'] as const;
export type ListMode = (typeof LIST_MODES)[number];

export const SEVERITY_FILTERS = ['all', 'alert', 'detection'] as const;
export type SeverityFilter = (typeof SEVERITY_FILTERS)[number];

export const DEFAULT_PAGE_SIZE = 20;
/** The API accepts `limit` from 1 to 200. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_MAX_HEIGHT = 480;
export const DEFAULT_LABELS = ['person', 'car', 'dog', 'cat', 'bicycle', 'motorcycle'];
/** Seconds the clip dialog's back and forward buttons move. */
export const SEEK_STEP_SECONDS = 5;

export const TIME_RANGE_MS: Record<Exclude<TimeRange, 'all'>, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};
