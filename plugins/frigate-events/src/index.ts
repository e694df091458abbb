import type { CentinelaPlugin, PluginContext, ServiceRegistry } from '@centinela/core';
import { frigateHealth } from './health';
import { siteJobs } from './jobs';
import { manifest } from './manifest';
import { EVENTS_TOPIC_PREFIX, REVIEWS_TOPIC_PREFIX } from './publish';
import { registerCameraRoutes } from './routes/cameras';
import { registerEventRoutes } from './routes/events';
import { registerMediaLinkRoutes } from './routes/media-links';
import { registerMediaRoutes } from './routes/media';
import { FrigateEventsService } from './service';

/**
 * Build the plugin. Its state lives in a service per Centinela instance (keyed by that
 * instance's service registry), so two instances in one process stay apart.
 */
export function createFrigateEventsPlugin(): CentinelaPlugin {
  const services = new WeakMap<ServiceRegistry, FrigateEventsService>();
  const serviceOf = (context: PluginContext): FrigateEventsService => {
    const service = services.get(context.services);
    if (service === undefined)
      throw new Error('frigate-events: setup() has not run for this instance');
    return service;
  };

  return {
    manifest,
    setup(context) {
      const service = new FrigateEventsService();
      services.set(context.services, service);
      context.services.provide('frigate', service);
      context.hub.registerTopic(EVENTS_TOPIC_PREFIX, 'events:read');
      context.hub.registerTopic(REVIEWS_TOPIC_PREFIX, 'events:read');
      context.health.add('frigate', () => frigateHealth(service));
    },
    routes(app, context) {
      const service = serviceOf(context);
      registerCameraRoutes(app, service, context.bus);
      registerEventRoutes(app, service);
      registerMediaRoutes(app, service);
      registerMediaLinkRoutes(app, service, () => context.services.get('mediaLinks'));
    },
    jobs(context) {
      return siteJobs(context, serviceOf(context));
    },
  };
}

/** Frigate detections: MQTT and REST ingestion, cameras, events, reviews and media proxy. */
export const frigateEventsPlugin: CentinelaPlugin = createFrigateEventsPlugin();
export default frigateEventsPlugin;

export { manifest } from './manifest';
export type { FrigateService, CameraChangedMessage } from './service-types';
export type { EventRecord } from './db/event-rows';
export type { ReviewRecord } from './db/review-rows';
export type { MediaKind, MediaStream } from './media/open-media';
export type { BackfillCounts } from './ingest/backfill-types';
export {
  FrigateClient,
  type FrigateClientOptions,
  type UpstreamResponse,
} from './frigate-client/client';
export type { FrigateVersion } from './frigate-client/version';
export { FrigateErrors } from './errors';
