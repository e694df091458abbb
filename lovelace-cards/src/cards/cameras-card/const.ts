export const CAMERAS_CARD_TAG = 'centinela-cameras-card';
export const CAMERAS_CARD_EDITOR_TAG = 'centinela-cameras-card-editor';
export const CAMERAS_CARD_NAME = 'Centinela cameras';
export const CAMERAS_CARD_DESCRIPTION =
  'Latest still of each camera, online state, detections today and a live view on tap.';

export const DEFAULT_REFRESH_INTERVAL = 10;
export const MIN_REFRESH_INTERVAL = 2;
export const MAX_REFRESH_INTERVAL = 3600;
/** Refresh period of the camera proxy image in the live view when no stream element exists. */
export const LIVE_PROXY_REFRESH_MS = 1000;
