import { ConfigReader } from '../../shared/config-validation';
import {
  CAMERAS_CARD_TAG,
  DEFAULT_REFRESH_INTERVAL,
  MAX_REFRESH_INTERVAL,
  MIN_REFRESH_INTERVAL,
} from './const';

/** Display name and Home Assistant entities of one Centinela camera. */
export interface CameraMapping {
  /** Camera ID in Centinela (`GET /api/cameras` item `id`). */
  id: string;
  name?: string;
  /** Home Assistant camera entity used for the live view, such as `camera.entrada`. */
  camera_entity?: string;
  /** Occupancy `binary_sensor` whose `on` state marks a detection in progress. */
  occupancy_entity?: string;
}

export interface CamerasCardConfig {
  type: string;
  title?: string;
  /** Base URL of the Centinela API; `undefined` inside Home Assistant means not configured. */
  url?: string;
  token?: string;
  site_id?: string;
  /** Seconds between still refreshes. */
  refresh_interval: number;
  /** Cameras to show, in order; every camera when absent. */
  cameras?: CameraMapping[];
}

/** Validates a cameras card config and returns a copy with defaults filled in. */
export function validateCamerasCardConfig(input: unknown): CamerasCardConfig {
  const reader: ConfigReader = ConfigReader.from(CAMERAS_CARD_TAG, input);
  reader.type(CAMERAS_CARD_TAG);
  const config: CamerasCardConfig = {
    type: `custom:${CAMERAS_CARD_TAG}`,
    refresh_interval: reader.integer(
      'refresh_interval',
      DEFAULT_REFRESH_INTERVAL,
      MIN_REFRESH_INTERVAL,
      MAX_REFRESH_INTERVAL,
      ' seconds',
    ),
  };
  const title = reader.string('title');
  if (title !== undefined) config.title = title;
  const url = reader.baseUrl('url');
  if (url !== undefined) config.url = url;
  const token = reader.string('token');
  if (token !== undefined && token !== '') config.token = token;
  const siteId = reader.string('site_id');
  if (siteId !== undefined && siteId !== '') config.site_id = siteId;
  const cameras = reader.list('cameras');
  if (cameras !== undefined)
    config.cameras = cameras.map((entry, index) => readCamera(reader, entry, index));
  return config;
}

function readCamera(reader: ConfigReader, entry: unknown, index: number): CameraMapping {
  const option = `cameras[${index}]`;
  if (typeof entry === 'string' && entry.trim() !== '') return { id: entry.trim() };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    reader.fail(option, `"${option}" must be a camera ID or a mapping with "id".`);
  }
  const fields = entry as Record<string, unknown>;
  const id = fields['id'];
  if (typeof id !== 'string' || id.trim() === '') {
    reader.fail(
      `${option}.id`,
      `"${option}.id" is missing: set it to the Centinela camera ID, such as "entrada".`,
    );
  }
  const camera: CameraMapping = { id: id.trim() };
  const name = fields['name'];
  if (name !== undefined && name !== null && name !== '') {
    if (typeof name !== 'string') reader.fail(`${option}.name`, `"${option}.name" must be text.`);
    camera.name = name;
  }
  const cameraEntity = reader.entityId(
    `${option}.camera_entity`,
    'camera',
    fields['camera_entity'],
  );
  if (cameraEntity !== undefined) camera.camera_entity = cameraEntity;
  const occupancy = reader.entityId(
    `${option}.occupancy_entity`,
    'binary_sensor',
    fields['occupancy_entity'],
  );
  if (occupancy !== undefined) camera.occupancy_entity = occupancy;
  return camera;
}

/** Entities whose state changes must re-render the card. */
export function camerasCardEntityIds(config: CamerasCardConfig | undefined): string[] {
  const ids: string[] = [];
  for (const camera of config?.cameras ?? []) {
    if (camera.camera_entity !== undefined) ids.push(camera.camera_entity);
    if (camera.occupancy_entity !== undefined) ids.push(camera.occupancy_entity);
  }
  return ids;
}
