import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { DiskLayout, placeFile } from './disk-layout';
import { FaultController, type DownMode } from './faults';
import { resolveBinaries, verifyBinaries, type FfmpegBinaries } from './ffmpeg/binaries';
import { convertImage } from './footage/images';
import { loadCameras } from './footage/load-cameras';
import { defaultMotionOptions } from './footage/motion';
import type { AuthSettings } from './http/auth';
import { Router } from './http/router';
import { ApiServer } from './http/server';
import { randomSuffix } from './ids';
import { silentLogger } from './logger';
import { Messenger } from './mqtt/messenger';
import { MqttPublisher } from './mqtt/publisher';
import { staleEventMessage, stateTopics } from './mqtt/topics';
import { CameraReplay } from './replay/camera-replay';
import { RecordingIndex } from './replay/recordings';
import { sweepRetention } from './retention';
import { registerAuthRoutes } from './routes/auth';
import type { RouteDeps } from './routes/deps';
import { registerEventRoutes } from './routes/events';
import { registerInfoRoutes } from './routes/info';
import { registerMediaRoutes } from './routes/media';
import { registerReviewRoutes } from './routes/review';
import { toReview, toSingle } from './shapes/rest';
import { openStores } from './store/open-stores';
import { ObjectCounts } from './tracking/object-counts';
import { ObjectTracker } from './tracking/object-tracker';
import { ReviewTracker } from './tracking/review-tracker';
import type {
  FrigateSimulator,
  MessageType,
  SimulatorOptions,
  SimulatorRequest,
  SimulatorUser,
} from './types';
import { defaultConfigVersion, parseVersion } from './version';
import { buildConfigView } from './views/config-view';
import { buildStatsView } from './views/stats-view';

const retentionSweepMs = 10 * 60 * 1000;
/** Requests kept in `simulator.requests`; older ones are dropped. */
const maxLoggedRequests = 1000;

async function findBinaries(options: SimulatorOptions): Promise<FfmpegBinaries | undefined> {
  const binaries = resolveBinaries(options);
  if (options.clipsDir !== undefined) {
    await verifyBinaries(binaries);
    return binaries;
  }
  // Without clips ffmpeg is optional: it only makes thumbnails of injected snapshots.
  return verifyBinaries(binaries).then(
    () => binaries,
    () => undefined,
  );
}

/**
 * Start a Frigate imitation: HTTP API (and the authenticated port when `authPort` is set),
 * MQTT messages on `mqttUrl`, and the clips of `clipsDir` replayed as live cameras.
 * Rejects when ffmpeg is missing (with clips), a sidecar is invalid or the broker is unreachable.
 */
export async function startFrigateSimulator(
  options: SimulatorOptions = {},
): Promise<FrigateSimulator> {
  const temporaryMedia =
    options.mediaDir === undefined
      ? await mkdtemp(join(tmpdir(), 'frigate-simulator-'))
      : undefined;
  try {
    return await startWithMedia(options, temporaryMedia);
  } catch (error) {
    // A failed start leaves nothing behind; `stop()` removes the folder otherwise.
    if (temporaryMedia !== undefined) await rm(temporaryMedia, { recursive: true, force: true });
    throw error;
  }
}

async function startWithMedia(
  options: SimulatorOptions,
  temporaryMedia: string | undefined,
): Promise<FrigateSimulator> {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? (() => Date.now() / 1000);
  const version = parseVersion(options.version ?? '0.16.4');
  const prefix = options.topicPrefix ?? 'frigate';
  const host = options.host ?? '127.0.0.1';
  const alertLabels = options.alertLabels ?? ['person', 'car'];
  const mediaDir = resolve(options.mediaDir ?? temporaryMedia!);
  const cacheDir = resolve(options.cacheDir ?? join(mediaDir, '.simulator'));
  const layout = new DiskLayout(mediaDir);
  await layout.ensure();
  await mkdir(cacheDir, { recursive: true });
  const binaries = await findBinaries(options);
  const analysis = { ...defaultMotionOptions, ...options.analysis };
  const loaded = await loadCameras(options.clipsDir, options.cameras ?? [], {
    binaries,
    cacheDir,
    analysis,
    logger,
  });
  const frames = new Map(
    loaded.cameras.map((camera) => [camera.name, { width: camera.width, height: camera.height }]),
  );

  const users: SimulatorUser[] = options.users ?? [
    { user: 'admin', password: randomBytes(12).toString('hex'), role: 'admin' },
  ];
  const auth: AuthSettings = {
    users,
    secret: options.jwtSecret ?? randomBytes(32).toString('hex'),
    sessionLength: options.sessionLength ?? 86400,
    refreshTime: options.refreshTime ?? 43200,
    cookieName: options.cookieName ?? 'frigate_token',
    clock,
  };

  const { store, reviewStore, writer } = await openStores(cacheDir, clock(), logger);

  // The fault hooks are built before the server and the publisher exist.
  const network: { server?: ApiServer } = {};
  let publisher: MqttPublisher | undefined;
  let staleRetained = false;
  const faults = new FaultController({
    setDown: async (down: boolean, mode: DownMode) => {
      await network.server?.setDown(down, mode);
      if (down) await publisher?.stop(false);
      else if (publisher !== undefined && !publisher.connected) await publisher.start();
    },
    publishStaleEvent: async () => {
      staleRetained = true;
      await messenger.publish(
        'events',
        JSON.stringify(staleEventMessage(clock(), loaded.cameras[0]?.name ?? 'camera')),
        true,
      );
    },
  });
  const cameraStates = () => stateTopics(loaded.cameras.map((camera) => camera.name));
  if (options.mqttUrl !== undefined) {
    publisher = new MqttPublisher({
      url: options.mqttUrl,
      clientId: options.mqttClientId ?? `frigate-simulator-${randomSuffix(8)}`,
      prefix,
      qos: options.mqttQos ?? 0,
      logger,
      initialTopics: cameraStates,
    });
  }
  const messenger = new Messenger(publisher, faults, logger);
  const counts = new ObjectCounts(store, messenger);
  const makeThumbnail =
    binaries === undefined
      ? undefined
      : (input: string, target: string, height = 175) =>
          convertImage(binaries, input, target, height);
  const reviewTracker = new ReviewTracker({
    store: reviewStore,
    messenger,
    layout,
    alertLabels,
    inactivitySeconds: options.reviewInactivitySeconds ?? 5,
    logger,
    writeThumbnail: async (tracked, target) => {
      if (tracked.media.reviewThumbnailPath !== undefined)
        await placeFile(tracked.media.reviewThumbnailPath, target);
      else if (makeThumbnail !== undefined && tracked.media.snapshotPath !== undefined) {
        await makeThumbnail(tracked.media.snapshotPath, target, 180);
      }
    },
  });
  const tracker = new ObjectTracker({
    store,
    messenger,
    reviews: reviewTracker,
    counts,
    layout,
    faults,
    frames,
    clock,
    alertLabels,
    defaultSubLabelShape: version.major === 0 && version.minor < 13 ? 'string' : 'array',
    makeThumbnail,
    logger,
  });

  const recordings = new RecordingIndex(layout);
  const startedAt = clock();
  const labels = new Map(
    loaded.prepared.map(({ timeline }) => [
      timeline.camera,
      [...new Set(['person', ...timeline.entries.map((entry) => entry.label)])],
    ]),
  );
  const deps: RouteDeps = {
    store,
    reviews: reviewStore,
    tracker,
    faults,
    layout,
    recordings,
    version,
    cameras: () => loaded.cameras,
    config: () =>
      buildConfigView({
        cameras: loaded.cameras,
        labels,
        mqtt: {
          url: options.mqttUrl,
          prefix,
          clientId: options.mqttClientId ?? 'frigate',
          statsInterval: options.statsInterval ?? 60,
          qos: options.mqttQos ?? 0,
        },
        configVersion:
          options.configVersion === undefined
            ? defaultConfigVersion(version)
            : options.configVersion,
        alertLabels,
        auth: {
          cookieName: auth.cookieName,
          sessionLength: auth.sessionLength,
          refreshTime: auth.refreshTime,
        },
      }),
    stats: () =>
      buildStatsView({
        cameras: loaded.cameras,
        store,
        version,
        mediaDir,
        startedAt,
        now: clock(),
      }),
    clock,
    binaries,
    auth,
    cacheDir,
    logger,
  };
  const router = new Router();
  registerAuthRoutes(router, deps);
  registerInfoRoutes(router, deps);
  registerEventRoutes(router, deps);
  registerReviewRoutes(router, deps);
  registerMediaRoutes(router, deps);
  const requests: SimulatorRequest[] = [];
  const server = new ApiServer({
    router,
    auth,
    faults,
    clock,
    logger,
    onRequest: (request, authenticatedPort) => {
      requests.push({
        method: request.method ?? 'GET',
        url: request.url ?? '/',
        headers: { ...request.headers },
        authenticatedPort,
      });
      if (requests.length > maxLoggedRequests) requests.shift();
    },
  });
  network.server = server;
  const url = await server.listen(host, options.port ?? 0, false);
  const authUrl =
    options.authPort === undefined ? undefined : await server.listen(host, options.authPort, true);

  try {
    await publisher?.start();
  } catch (error) {
    await server.close();
    throw error;
  }
  const loopGapSeconds = Math.max(0, options.loopGapSeconds ?? 0);
  const replays = loaded.prepared.map(
    (prepared) =>
      new CameraReplay({ prepared, tracker, recordings, clock, loopGapSeconds, logger }),
  );
  const replaying = options.replay !== false;
  if (replaying) for (const replay of replays) replay.start();

  const statsTimer = setInterval(
    () => {
      void messenger.publish('stats', JSON.stringify(deps.stats()));
    },
    (options.statsInterval ?? 60) * 1000,
  );
  statsTimer.unref();
  const sweep = () =>
    sweepRetention({
      store,
      reviews: reviewStore,
      recordings,
      layout,
      recordingsHours: options.retention?.recordingsHours ?? 24,
      eventsDays: options.retention?.eventsDays ?? 10,
      now: clock(),
      logger,
    }).catch((error: unknown) => logger.warn({ err: error }, 'retention sweep failed'));
  void sweep();
  const sweepTimer = setInterval(() => void sweep(), retentionSweepMs);
  sweepTimer.unref();
  logger.info(
    { url, authUrl, cameras: loaded.cameras.map((camera) => camera.name), version: version.text },
    'Frigate simulator started',
  );

  let stopped = false;
  const simulator: FrigateSimulator = {
    url,
    authUrl,
    cameras: loaded.cameras.map((camera) => camera.name),
    mediaDir,
    users,
    timelines: Object.fromEntries(
      loaded.prepared.map(({ timeline }) => [timeline.camera, timeline]),
    ),
    faults,
    addEvent: (event, media = {}, publishOptions = {}) =>
      toSingle(tracker.begin(event, { ...media }, publishOptions).event),
    updateEvent: (id, patch, publishOptions = {}) =>
      toSingle(tracker.update(id, patch, publishOptions).event),
    endEvent: (id, endOptions = {}) => {
      const { end_time: endTime, ...rest } = endOptions;
      return toSingle(tracker.end(id, endTime === undefined ? rest : { ...rest, endTime }).event);
    },
    publishEventMessage: (type: MessageType, before, after) =>
      messenger.enqueue(() => messenger.publish('events', JSON.stringify({ before, after, type }))),
    publishReviewMessage: (type: MessageType, before, after) =>
      messenger.enqueue(() =>
        messenger.publish('reviews', JSON.stringify({ before, after, type })),
      ),
    restart: async ({ clean }) => {
      for (const replay of replays) replay.stop();
      const closed = tracker.closeSilently(clean);
      logger.info({ clean, closedEvents: closed.length }, 'simulating a Frigate restart');
      await messenger.idle();
      await publisher?.stop(clean);
      // Give the broker time to deliver `offline` (or the will) before `online` follows.
      await delay(300);
      await publisher?.start();
      if (replaying) for (const replay of replays) replay.start();
    },
    addReview: (input) => {
      const { has_been_reviewed: reviewed, ...review } = structuredClone(input);
      reviewStore.upsert(review);
      if (reviewed === true) {
        for (const name of ['anonymous', ...users.map((account) => account.user)]) {
          reviewStore.setReviewed(name, review.id, true);
        }
      }
      return toReview(review);
    },
    events: () => store.rows().map(toSingle),
    reviews: () => reviewStore.all().map(toReview),
    requests,
    idle: () => messenger.idle(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const replay of replays) replay.stop();
      reviewTracker.stop();
      clearInterval(statsTimer);
      clearInterval(sweepTimer);
      tracker.closeSilently(true);
      await messenger.idle();
      if (staleRetained) await messenger.publish('events', '', true);
      await writer.flush();
      await publisher?.stop(true);
      await server.close();
      if (temporaryMedia !== undefined) await rm(temporaryMedia, { recursive: true, force: true });
      logger.info({ url }, 'Frigate simulator stopped');
    },
  };
  return simulator;
}
