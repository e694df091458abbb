import { ConfigReader } from '../../shared/config-validation';
import {
  DEFAULT_MAX_HEIGHT,
  DEFAULT_PAGE_SIZE,
  EVENTS_CARD_TAG,
  LIST_MODES,
  MAX_PAGE_SIZE,
  SEVERITY_FILTERS,
  TIME_RANGES,
  type ListMode,
  type SeverityFilter,
  type TimeRange,
} from './const';

export interface EventsCardConfig {
  type: string;
  title?: string;
  url?: string;
  token?: string;
  site_id?: string;
  /** Page size of `GET /api/events` and `/api/reviews`. */
  limit: number;
  /** Initial filters; the user can change them in the card. */
  camera_id?: string;
  label?: string;
  time_range: TimeRange;
  mode: ListMode;
  severity: SeverityFilter;
  /** Labels offered in the object filter besides those seen in loaded events. */
  labels?: string[];
  show_filters: boolean;
  /** Height of the scrolling list in pixels. */
  max_height: number;
  /** An `event` entity (MQTT) whose change reloads the list while the WebSocket is down. */
  event_entity?: string;
}

/** Validates an events card config and returns a copy with defaults filled in. */
export function validateEventsCardConfig(input: unknown): EventsCardConfig {
  const reader: ConfigReader = ConfigReader.from(EVENTS_CARD_TAG, input);
  reader.type(EVENTS_CARD_TAG);
  const config: EventsCardConfig = {
    type: `custom:${EVENTS_CARD_TAG}`,
    limit: reader.integer('limit', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
    time_range: reader.oneOf('time_range', TIME_RANGES, '24h'),
    mode: reader.oneOf('mode', LIST_MODES, 'events'),
    severity: reader.oneOf('severity', SEVERITY_FILTERS, 'all'),
    show_filters: reader.boolean('show_filters', true),
    max_height: reader.integer('max_height', DEFAULT_MAX_HEIGHT, 160, 4000, ' pixels'),
  };
  const title = reader.string('title');
  if (title !== undefined) config.title = title;
  const url = reader.baseUrl('url');
  if (url !== undefined) config.url = url;
  const token = reader.string('token');
  if (token !== undefined && token !== '') config.token = token;
  const siteId = reader.string('site_id');
  if (siteId !== undefined && siteId !== '') config.site_id = siteId;
  const cameraId = reader.string('camera_id');
  if (cameraId !== undefined && cameraId !== '') config.camera_id = cameraId;
  const label = reader.string('label');
  if (label !== undefined && label !== '') config.label = label;
  const labels = reader.list('labels');
  if (labels !== undefined) {
    config.labels = labels.map((value, index) => {
      if (typeof value !== 'string' || value.trim() === '') {
        reader.fail(
          `labels[${index}]`,
          `"labels[${index}]" must be an object label such as "person".`,
        );
      }
      return value.trim();
    });
  }
  const eventEntity = reader.entityId('event_entity', 'event');
  if (eventEntity !== undefined) config.event_entity = eventEntity;
  return config;
}
