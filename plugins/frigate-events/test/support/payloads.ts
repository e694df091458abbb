/**
 * The example payloads of Frigate's integration contract (composed for tests, not captured),
 * numbered as there.
 */

/** 1. Finished event, list item of `GET /api/events` on 0.16. */
export const restFinished = {
  id: '1717171717.123456-abc123',
  camera: 'driveway',
  label: 'person',
  zones: ['porch', 'driveway_apron'],
  start_time: 1717171717.123456,
  end_time: 1717171748.402113,
  has_clip: true,
  has_snapshot: true,
  plus_id: null,
  retain_indefinitely: false,
  sub_label: null,
  top_score: null,
  false_positive: null,
  box: null,
  data: {
    box: [0.4125, 0.2236, 0.0813, 0.3611],
    region: [0.3, 0.1, 0.35, 0.6222],
    score: 0.84,
    top_score: 0.8711,
    attributes: [],
    average_estimated_speed: 0,
    velocity_angle: 0,
    type: 'object',
    max_severity: 'alert',
    path_data: [
      [[0.4531, 0.5847], 1717171718.2],
      [[0.5012, 0.6103], 1717171722.9],
    ],
  },
  thumbnail: null,
};

/** 2. In-progress event: no end, clip already on, no snapshot yet. */
export const restInProgress = {
  id: '1717172000.5-q7w8e9',
  camera: 'back_yard',
  label: 'car',
  zones: [],
  start_time: 1717172000.5,
  end_time: null,
  has_clip: true,
  has_snapshot: false,
  plus_id: null,
  retain_indefinitely: false,
  sub_label: null,
  top_score: null,
  false_positive: null,
  box: null,
  data: {
    box: [0.61, 0.4, 0.2, 0.18],
    region: [0.5, 0.25, 0.45, 0.8],
    score: 0.72,
    top_score: 0.74,
    attributes: null,
    type: 'object',
  },
  thumbnail: null,
};

/** 3. Single-event shape with a recognised person: sub_label string, score in data. */
export const restSingleWithSubLabel = {
  id: '1717173000.250001-f4c3e2',
  label: 'person',
  sub_label: 'Alex',
  camera: 'driveway',
  start_time: 1717173000.250001,
  end_time: 1717173019.8,
  top_score: null,
  score: null,
  false_positive: null,
  zones: ['porch'],
  thumbnail: null,
  has_clip: true,
  has_snapshot: true,
  region: null,
  box: null,
  area: null,
  retain_indefinitely: false,
  ratio: 1.0,
  plus_id: null,
  model_hash: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  detector_type: 'cpu',
  model_type: 'ssd',
  data: {
    box: [0.35, 0.2, 0.1, 0.4],
    region: [0.25, 0.1, 0.4, 0.7],
    score: 0.9,
    top_score: 0.91,
    attributes: [{ box: [0.37, 0.21, 0.04, 0.06], label: 'face', score: 0.88 }],
    type: 'object',
    sub_label_score: 0.79,
  },
};

/** 4. Finished event with no clip and no snapshot. */
export const restNoMedia = {
  id: '1717174100.04-zz9y8x',
  camera: 'back_yard',
  label: 'dog',
  zones: [],
  start_time: 1717174100.04,
  end_time: 1717174106.66,
  has_clip: false,
  has_snapshot: false,
  plus_id: null,
  retain_indefinitely: false,
  sub_label: null,
  top_score: null,
  false_positive: null,
  box: null,
  data: {
    box: [0.1, 0.7, 0.12, 0.2],
    region: [0.0, 0.5, 0.4, 0.5],
    score: 0.66,
    top_score: 0.69,
    attributes: [],
    type: 'object',
  },
};

/** 5. MQTT `new` (pixel boxes, before is the first false-positive state). */
export const mqttNew = {
  type: 'new',
  before: {
    id: '1717175000.111111-m1n2b3',
    camera: 'driveway',
    frame_time: 1717175000.111111,
    snapshot: null,
    label: 'person',
    sub_label: null,
    top_score: 0.0,
    false_positive: true,
    start_time: 1717175000.111111,
    end_time: null,
    score: 0.62,
    box: [512, 180, 580, 360],
    area: 12240,
    ratio: 0.38,
    region: [400, 100, 720, 420],
    active: true,
    stationary: false,
    motionless_count: 0,
    position_changes: 0,
    current_zones: [],
    entered_zones: [],
    has_clip: false,
    has_snapshot: false,
    attributes: {},
    current_attributes: [],
  },
  after: {
    id: '1717175000.111111-m1n2b3',
    camera: 'driveway',
    frame_time: 1717175001.311902,
    snapshot: {
      frame_time: 1717175001.311902,
      box: [520, 176, 590, 362],
      area: 13020,
      region: [400, 100, 720, 420],
      score: 0.81,
      attributes: [],
    },
    label: 'person',
    sub_label: null,
    top_score: 0.79,
    false_positive: false,
    start_time: 1717175000.111111,
    end_time: null,
    score: 0.81,
    box: [520, 176, 590, 362],
    area: 13020,
    ratio: 0.376,
    region: [400, 100, 720, 420],
    active: true,
    stationary: false,
    motionless_count: 0,
    position_changes: 1,
    current_zones: ['driveway_apron'],
    entered_zones: ['driveway_apron'],
    has_clip: true,
    has_snapshot: false,
    attributes: {},
    current_attributes: [],
  },
};

/** 6. Same object, `update`: zone entered, sub_label as `[name, score]`, snapshot on. */
export const mqttUpdate = {
  type: 'update',
  before: {
    id: '1717175000.111111-m1n2b3',
    camera: 'driveway',
    label: 'person',
    sub_label: null,
    start_time: 1717175000.111111,
    end_time: null,
    current_zones: ['driveway_apron'],
    entered_zones: ['driveway_apron'],
    has_clip: true,
    has_snapshot: false,
    top_score: 0.79,
    false_positive: false,
  },
  after: {
    id: '1717175000.111111-m1n2b3',
    camera: 'driveway',
    frame_time: 1717175004.02,
    label: 'person',
    sub_label: ['Alex', 0.82],
    start_time: 1717175000.111111,
    end_time: null,
    score: 0.88,
    top_score: 0.85,
    false_positive: false,
    box: [600, 150, 690, 400],
    current_zones: ['porch'],
    entered_zones: ['driveway_apron', 'porch'],
    has_clip: true,
    has_snapshot: true,
    stationary: false,
    attributes: { face: 0.83 },
  },
};

/** 7. Same object, `end`. */
export const mqttEnd = {
  type: 'end',
  before: {
    id: '1717175000.111111-m1n2b3',
    camera: 'driveway',
    label: 'person',
    sub_label: ['Alex', 0.82],
    start_time: 1717175000.111111,
    end_time: null,
    entered_zones: ['driveway_apron', 'porch'],
    has_clip: true,
    has_snapshot: true,
  },
  after: {
    id: '1717175000.111111-m1n2b3',
    camera: 'driveway',
    frame_time: 1717175019.77,
    label: 'person',
    sub_label: ['Alex', 0.82],
    top_score: 0.85,
    false_positive: false,
    start_time: 1717175000.111111,
    end_time: 1717175019.77,
    current_zones: [],
    entered_zones: ['driveway_apron', 'porch'],
    has_clip: true,
    has_snapshot: true,
    stationary: false,
  },
};

const reviewThumb = '/media/frigate/clips/review/thumb-driveway-1717175000.2-rv0001.webp';

/** 8. Review `new` (before == after, detection). */
export const mqttReviewNew = {
  type: 'new',
  before: {
    id: '1717175000.2-rv0001',
    camera: 'driveway',
    start_time: 1717175000.2,
    end_time: null,
    severity: 'detection',
    thumb_path: reviewThumb,
    data: {
      detections: ['1717175000.111111-m1n2b3'],
      objects: ['person'],
      sub_labels: [],
      zones: ['driveway_apron'],
      audio: [],
    },
  },
  after: {
    id: '1717175000.2-rv0001',
    camera: 'driveway',
    start_time: 1717175000.2,
    end_time: null,
    severity: 'detection',
    thumb_path: reviewThumb,
    data: {
      detections: ['1717175000.111111-m1n2b3'],
      objects: ['person'],
      sub_labels: [],
      zones: ['driveway_apron'],
      audio: [],
    },
  },
};

/** 9. Review `end`, promoted to alert, a second detection joined. */
export const mqttReviewEnd = {
  type: 'end',
  before: {
    id: '1717175000.2-rv0001',
    camera: 'driveway',
    start_time: 1717175000.2,
    end_time: null,
    severity: 'alert',
    thumb_path: reviewThumb,
    data: {
      detections: ['1717175000.111111-m1n2b3', '1717175009.4-c4r5t6'],
      objects: ['person', 'car'],
      sub_labels: ['Alex'],
      zones: ['driveway_apron', 'porch'],
      audio: [],
    },
  },
  after: {
    id: '1717175000.2-rv0001',
    camera: 'driveway',
    start_time: 1717175000.2,
    end_time: 1717175031.7,
    severity: 'alert',
    thumb_path: reviewThumb,
    data: {
      detections: ['1717175000.111111-m1n2b3', '1717175009.4-c4r5t6'],
      objects: ['person', 'car'],
      sub_labels: ['Alex'],
      zones: ['driveway_apron', 'porch'],
      audio: [],
    },
  },
};

/** 10. Legacy 0.12 shape: sub_label a bare string, top_score only at the top level. */
export const mqttLegacy = {
  type: 'update',
  before: {
    id: '1680000000.5-old001',
    camera: 'driveway',
    label: 'person',
    sub_label: null,
    top_score: 0.7,
    start_time: 1680000000.5,
    end_time: null,
    has_clip: true,
    has_snapshot: true,
  },
  after: {
    id: '1680000000.5-old001',
    camera: 'driveway',
    label: 'person',
    sub_label: 'Alex',
    top_score: 0.72,
    start_time: 1680000000.5,
    end_time: null,
    has_clip: true,
    has_snapshot: true,
  },
};

/** 11. Malformed: unknown type, no id, string start, end before start, bad camera name. */
export const mqttMalformed = {
  type: 'finished',
  before: null,
  after: {
    camera: 'front door',
    label: 'person',
    start_time: '1717176000.0',
    end_time: 1717175000.0,
    sub_label: ['Alex'],
  },
};

const dupEnd = {
  type: 'end',
  before: { id: '1717177000.9-dup001', end_time: null },
  after: {
    id: '1717177000.9-dup001',
    camera: 'back_yard',
    label: 'cat',
    start_time: 1717177000.9,
    end_time: 1717177044.1,
    frame_time: 1717177044.1,
    has_clip: true,
    has_snapshot: true,
  },
};

/** 12. The same `end` twice, then a stale `update` for the same id. */
export const mqttDuplicates = [
  dupEnd,
  dupEnd,
  {
    type: 'update',
    before: { id: '1717177000.9-dup001', end_time: null },
    after: {
      id: '1717177000.9-dup001',
      camera: 'back_yard',
      label: 'cat',
      start_time: 1717177000.9,
      end_time: null,
      frame_time: 1717177030.0,
      has_clip: true,
      has_snapshot: true,
    },
  },
];
