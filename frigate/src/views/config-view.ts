import type { CameraInfo } from '../routes/deps';

export interface ConfigViewOptions {
  cameras: CameraInfo[];
  labels: Map<string, string[]>;
  mqtt: {
    url: string | undefined;
    prefix: string;
    clientId: string;
    statsInterval: number;
    qos: number;
  };
  configVersion: string | number | null;
  alertLabels: string[];
  auth: { cookieName: string; sessionLength: number; refreshTime: number };
}

const zoneColours: [number, number, number][] = [
  [231, 76, 60],
  [52, 152, 219],
  [46, 204, 113],
  [241, 196, 15],
];

function cameraConfig(camera: CameraInfo, labels: string[], alertLabels: string[]) {
  const zones = Object.fromEntries(
    camera.zones.map((zone, index) => [
      zone,
      {
        coordinates: '0.1,0.5,0.9,0.5,0.9,0.95,0.1,0.95',
        distances: [],
        inertia: 3,
        loitering_time: 0,
        objects: [],
        color: zoneColours[index % zoneColours.length],
      },
    ]),
  );
  return {
    name: camera.name,
    enabled: true,
    audio: {
      enabled: false,
      listen: ['bark', 'fire_alarm', 'scream', 'speech', 'yell'],
      min_volume: 500,
    },
    birdseye: { enabled: true, mode: 'objects', order: 0 },
    detect: {
      enabled: true,
      width: camera.width,
      height: camera.height,
      fps: 5,
      min_initialized: 2,
      max_disappeared: 25,
      stationary: { interval: 50, threshold: 50 },
      annotation_offset: 0,
    },
    ffmpeg: {
      // Frigate removes credentials from camera URLs in this response.
      inputs: [
        { path: `rtsp://*:*@127.0.0.1:8554/${camera.name}_sub`, roles: ['detect'] },
        { path: `rtsp://*:*@127.0.0.1:8554/${camera.name}`, roles: ['record'] },
      ],
      hwaccel_args: 'auto',
      input_args: 'preset-rtsp-generic',
      output_args: {
        detect: ['-threads', '2', '-f', 'rawvideo', '-pix_fmt', 'yuv420p'],
        record: 'preset-record-generic',
      },
      retry_interval: 10,
    },
    ffmpeg_cmds: [
      {
        roles: ['detect'],
        cmd: `ffmpeg -rtsp_transport tcp -i rtsp://*:*@127.0.0.1:8554/${camera.name}_sub -f rawvideo -pix_fmt yuv420p pipe:`,
      },
      {
        roles: ['record'],
        cmd: `ffmpeg -rtsp_transport tcp -i rtsp://*:*@127.0.0.1:8554/${camera.name} -f segment -segment_time 10 -c copy -an /tmp/cache/${camera.name}@%Y%m%d%H%M%S%z.mp4`,
      },
    ],
    motion: {
      enabled: true,
      threshold: 30,
      contour_area: 10,
      improve_contrast: true,
      lightning_threshold: 0.8,
    },
    mqtt: {
      enabled: true,
      timestamp: true,
      bounding_box: true,
      crop: true,
      height: 270,
      quality: 70,
      required_zones: [],
    },
    objects: { track: labels, filters: {} },
    record: {
      enabled: true,
      sync_recordings: false,
      expire_interval: 60,
      retain: { days: 1, mode: 'all' },
      alerts: { pre_capture: 5, post_capture: 5, retain: { days: 10, mode: 'motion' } },
      detections: { pre_capture: 5, post_capture: 5, retain: { days: 10, mode: 'motion' } },
    },
    review: {
      alerts: { enabled: true, labels: alertLabels, required_zones: [] },
      detections: { enabled: true, required_zones: [] },
    },
    snapshots: {
      enabled: true,
      clean_copy: true,
      timestamp: false,
      bounding_box: true,
      crop: false,
      required_zones: [],
      retain: { default: 10, mode: 'motion', objects: {} },
      quality: 70,
    },
    zones,
  };
}

/** `GET /api/config` for the simulated cameras: Frigate 0.16 keys, secrets removed. */
export function buildConfigView(options: ConfigViewOptions): Record<string, unknown> {
  const broker = options.mqtt.url === undefined ? undefined : new URL(options.mqtt.url);
  const config: Record<string, unknown> = {
    mqtt: {
      enabled: broker !== undefined,
      host: broker?.hostname ?? '',
      port: Number(broker?.port || 1883),
      topic_prefix: options.mqtt.prefix,
      client_id: options.mqtt.clientId,
      stats_interval: options.mqtt.statsInterval,
      qos: options.mqtt.qos,
      ...(broker?.username ? { user: decodeURIComponent(broker.username) } : {}),
    },
    auth: {
      enabled: true,
      reset_admin_password: false,
      cookie_name: options.auth.cookieName,
      cookie_secure: false,
      session_length: options.auth.sessionLength,
      refresh_time: options.auth.refreshTime,
      trusted_proxies: [],
      hash_iterations: 600000,
    },
    tls: { enabled: false },
    database: { path: '/config/frigate.db' },
    detectors: {
      cpu: {
        type: 'cpu',
        model: {
          width: 320,
          height: 320,
          input_tensor: 'nhwc',
          input_pixel_format: 'rgb',
          model_type: 'ssd',
          labelmap: {},
        },
      },
    },
    model: {
      width: 320,
      height: 320,
      model_type: 'ssd',
      colormap: {},
      all_attributes: ['amazon', 'face', 'fedex', 'license_plate', 'ups'],
      non_logo_attributes: ['face', 'license_plate'],
    },
    plus: { enabled: false },
    proxy: { header_map: {}, logout_url: null, default_role: 'viewer', separator: ',' },
    cameras: Object.fromEntries(
      options.cameras.map((camera) => [
        camera.name,
        cameraConfig(camera, options.labels.get(camera.name) ?? ['person'], options.alertLabels),
      ]),
    ),
  };
  if (options.configVersion !== null) config.version = options.configVersion;
  return config;
}
