import { actorOf, type EventBus } from '@centinela/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { cameraItem } from '../api-items';
import type { CameraRecord } from '../db/camera-store';
import { FrigateErrors } from '../errors';
import { readConfig } from '../frigate-client/api';
import { problemFor } from '../frigate-client/errors';
import type { FrigateEventsService } from '../service';
import type { SiteRuntime } from '../site-runtime';
import { scopeOf } from './params';
import {
  createCameraBody,
  idParams,
  patchCameraBody,
  putCameraBody,
  siteOnlyQuery,
  type CreateCameraBody,
  type PatchCameraBody,
} from './schemas';

function isOnline(runtime: SiteRuntime, camera: CameraRecord): boolean {
  if (!camera.enabled || !camera.inFrigate) return false;
  if (runtime.lastError !== null || runtime.availability === 'offline') return false;
  return (runtime.cameraFps?.get(camera.name) ?? 1) > 0;
}

async function cameraWithActivity(
  runtime: SiteRuntime,
  camera: CameraRecord,
): Promise<Record<string, unknown>> {
  const [entry] = await runtime.cameraStore.listWithActivity(
    runtime.siteId,
    runtime.settings.timezone,
    [camera.id],
  );
  const activity = entry ?? { detectionsToday: 0, activeLabels: [], lastEventAt: null };
  return cameraItem(camera, activity, isOnline(runtime, camera));
}

/** Find a camera the caller may see, or raise 404. */
function visibleCamera(runtime: SiteRuntime, request: FastifyRequest, id: string): CameraRecord {
  const scope = scopeOf(request);
  const camera = runtime.cameras.byId(id);
  if (
    camera === undefined ||
    camera.deletedAt !== null ||
    (scope !== null && !scope.includes(id))
  ) {
    throw FrigateErrors.cameraNotFound(id, { fix: 'List cameras with GET /api/cameras.' });
  }
  return camera;
}

/** `GET|POST /api/cameras`, `PATCH|DELETE /api/cameras/{id}`. */
export function registerCameraRoutes(
  app: FastifyInstance,
  service: FrigateEventsService,
  bus: EventBus,
): void {
  app.get(
    '/cameras',
    {
      config: { permission: 'cameras:read' },
      schema: {
        tags: ['cameras'],
        summary: 'Cameras with their activity today.',
        querystring: siteOnlyQuery,
      },
    },
    async (request) => {
      const runtime = service.runtime(request.siteId);
      const rows = await runtime.cameraStore.listWithActivity(
        request.siteId,
        runtime.settings.timezone,
        scopeOf(request),
      );
      return {
        items: rows.map((row) => cameraItem(row.camera, row, isOnline(runtime, row.camera))),
        next_cursor: null,
      };
    },
  );

  app.post<{ Body: CreateCameraBody }>(
    '/cameras',
    {
      config: { permission: 'cameras:manage' },
      schema: {
        tags: ['cameras'],
        summary: "Add a camera by its name in Frigate's config (or bring back a removed one).",
        body: createCameraBody,
        querystring: siteOnlyQuery,
      },
    },
    async (request, reply) => {
      const runtime = service.runtime(request.siteId);
      const { name } = request.body;
      let config;
      try {
        config = await readConfig(runtime.requireClient());
      } catch (error) {
        throw problemFor(error, 'the config request') ?? error;
      }
      const inFrigate = config.cameras.find((camera) => camera.name === name);
      if (inFrigate === undefined) {
        throw FrigateErrors.cameraNotInFrigate(name, {
          field: 'body/name',
          fix: `Use one of Frigate's camera names: ${config.cameras.map((camera) => camera.name).join(', ') || '(none)'}.`,
        });
      }
      const friendlyName = request.body.friendly_name ?? inFrigate.friendlyName ?? name;
      const camera = await runtime.cameraStore.create(
        request.siteId,
        name,
        friendlyName,
        inFrigate,
      );
      if (camera === null) {
        throw FrigateErrors.cameraExists(name, {
          field: 'body/name',
          fix: 'Change the existing camera with PATCH /api/cameras/{id}.',
        });
      }
      runtime.cameras.put(camera);
      bus.publish('camera.changed', {
        siteId: request.siteId,
        cameraId: camera.id,
        name: camera.name,
        action: 'create',
        changes: { ...request.body },
        actor: actorOf(request),
      });
      return reply.code(201).send(await cameraWithActivity(runtime, camera));
    },
  );

  const changeCamera = async (
    request: FastifyRequest<{ Params: { id: string }; Body: PatchCameraBody }>,
  ) => {
    const runtime = service.runtime(request.siteId);
    visibleCamera(runtime, request, request.params.id);
    const camera = await runtime.cameraStore.update(request.siteId, request.params.id, {
      ...(request.body.friendly_name === undefined
        ? {}
        : { friendlyName: request.body.friendly_name }),
      ...(request.body.enabled === undefined ? {} : { enabled: request.body.enabled }),
    });
    if (camera === null) throw FrigateErrors.cameraNotFound(request.params.id);
    runtime.cameras.put(camera);
    bus.publish('camera.changed', {
      siteId: request.siteId,
      cameraId: camera.id,
      name: camera.name,
      action: 'update',
      changes: { ...request.body },
      actor: actorOf(request),
    });
    return cameraWithActivity(runtime, camera);
  };

  app.patch<{ Params: { id: string }; Body: PatchCameraBody }>(
    '/cameras/:id',
    {
      config: { permission: 'cameras:manage' },
      schema: {
        tags: ['cameras'],
        summary: 'Rename a camera or turn its ingestion on or off.',
        params: idParams,
        body: patchCameraBody,
        querystring: siteOnlyQuery,
      },
    },
    changeCamera,
  );

  // PUT replaces every field a user can set, so both are required.
  app.put<{ Params: { id: string }; Body: PatchCameraBody }>(
    '/cameras/:id',
    {
      config: { permission: 'cameras:manage' },
      schema: {
        tags: ['cameras'],
        summary: "Set a camera's display name and whether its detections are stored.",
        params: idParams,
        body: putCameraBody,
        querystring: siteOnlyQuery,
      },
    },
    changeCamera,
  );

  app.delete<{ Params: { id: string } }>(
    '/cameras/:id',
    {
      config: { permission: 'cameras:manage' },
      schema: {
        tags: ['cameras'],
        summary:
          'Remove a camera: its detections are no longer stored and its events are hidden (kept in the database).',
        params: idParams,
        querystring: siteOnlyQuery,
      },
    },
    async (request, reply) => {
      const runtime = service.runtime(request.siteId);
      visibleCamera(runtime, request, request.params.id);
      const camera = await runtime.cameraStore.softDelete(request.siteId, request.params.id);
      if (camera === null) throw FrigateErrors.cameraNotFound(request.params.id);
      runtime.cameras.put(camera);
      bus.publish('camera.changed', {
        siteId: request.siteId,
        cameraId: camera.id,
        name: camera.name,
        action: 'delete',
        changes: {},
        actor: actorOf(request),
      });
      return reply.code(204).send();
    },
  );
}
