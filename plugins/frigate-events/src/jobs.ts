import type { BackgroundJob, SiteContext } from '@centinela/core';
import { Sql } from './db/sql';
import { parseEventMessage } from './ingest/parse-event';
import { parseReviewMessage } from './ingest/parse-review';
import type { FrigateEventsService } from './service';
import { resolveSettings } from './settings';
import { SiteRuntime } from './site-runtime';

const CAMERA_DISCOVERY_MS = 10 * 60 * 1000;

/**
 * Build the plugin's jobs on one site, started in this order and stopped in reverse: the runtime
 * (Frigate client, camera directory, write queue), camera discovery, MQTT ingestion, backfill.
 */
export function siteJobs(context: SiteContext, service: FrigateEventsService): BackgroundJob[] {
  const site = context.sites.get(context.siteId);
  if (site === undefined) return [];
  const settings = resolveSettings(site, context.pluginConfig, context.config);
  const runtime = new SiteRuntime(settings, context, new Sql(context.orm));
  return [
    runtimeJob(runtime, service),
    cameraJob(runtime),
    mqttJob(runtime, context),
    backfillJob(runtime),
  ];
}

function runtimeJob(runtime: SiteRuntime, service: FrigateEventsService): BackgroundJob {
  return {
    name: 'frigate-connection',
    async start() {
      await runtime.open();
      service.attach(runtime);
      if (runtime.client === null)
        runtime.log.warn('no Frigate URL for this site: only MQTT detections are stored');
    },
    async stop() {
      service.detach(runtime);
      await runtime.close();
    },
  };
}

function cameraJob(runtime: SiteRuntime): BackgroundJob {
  let timer: NodeJS.Timeout | undefined;
  let failing = false;
  const discover = (): void => {
    if (runtime.client === null || runtime.signal.aborted) return;
    runtime
      .discoverCameras()
      .then(() => {
        failing = false;
      })
      .catch((error: unknown) => {
        if (!failing && !runtime.signal.aborted)
          runtime.log.warn({ err: error }, 'camera discovery from Frigate failed');
        failing = true;
      });
  };
  return {
    name: 'frigate-camera-discovery',
    start() {
      discover();
      timer = setInterval(discover, CAMERA_DISCOVERY_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}

function mqttJob(runtime: SiteRuntime, context: SiteContext): BackgroundJob {
  const unsubscribe: Array<() => void> = [];
  const prefix = runtime.settings.mqttPrefix;
  const topics = {
    events: `${prefix}/events`,
    reviews: `${prefix}/reviews`,
    available: `${prefix}/available`,
  };
  const runInBackground = (work: () => Promise<unknown>, what: string): void => {
    if (runtime.client === null) return;
    work().catch((error: unknown) => {
      if (!runtime.signal.aborted) runtime.log.debug({ err: error }, `${what} failed`);
    });
  };

  return {
    name: 'frigate-mqtt',
    start() {
      // Handlers compare the exact topic, so retained binary `.../snapshot` payloads are never parsed.
      unsubscribe.push(
        context.mqtt.subscribe(topics.events, (topic, payload) => {
          if (topic !== topics.events) return;
          const parsed = parseEventMessage(payload);
          if (parsed.ok) runtime.ingestor.enqueueEvent(parsed.value.event);
          else runtime.malformed.record(topic, parsed.reason);
        }),
        context.mqtt.subscribe(topics.reviews, (topic, payload) => {
          if (topic !== topics.reviews) return;
          const parsed = parseReviewMessage(payload);
          if (parsed.ok) runtime.ingestor.enqueueReview(parsed.value.review);
          else runtime.malformed.record(topic, parsed.reason);
        }),
        context.mqtt.subscribe(topics.available, (topic, payload) => {
          if (topic !== topics.available) return;
          const state = payload.toString('utf8').trim();
          if (state !== 'online' && state !== 'offline') return;
          const previous = runtime.availability;
          runtime.availability = state;
          runtime.log.info({ state }, 'Frigate availability');
          // Frigate closes open events and reviews silently when it restarts, and whatever it
          // published while it was off the broker is lost: read both back through REST.
          if (state === 'online' && previous === 'offline')
            runInBackground(() => runtime.backfill(), 'backfill after Frigate came online');
        }),
        // Messages may have been lost while the broker connection was down.
        context.mqtt.onConnect(() =>
          runInBackground(() => runtime.backfill(), 'backfill after MQTT reconnect'),
        ),
      );
    },
    async stop() {
      for (const off of unsubscribe.splice(0)) off();
      await runtime.ingestor.drain();
    },
  };
}

function backfillJob(runtime: SiteRuntime): BackgroundJob {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = (): void => {
    if (stopped || runtime.client === null) return;
    runtime
      .backfill()
      .catch(() => undefined) // logged by the runtime, once per outage
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, runtime.settings.pollIntervalSeconds * 1000);
      });
  };
  return {
    name: 'frigate-backfill',
    start() {
      stopped = false;
      timer = setTimeout(tick, 0);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
