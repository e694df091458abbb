import { CoreErrors, requirePrincipal } from '@centinela/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { EvidenceContext } from '../context';
import type { CustodyCaller } from '../custody-service';
import { findVisibleExport } from '../custody-service';
import { listExports } from '../db/export-rows';
import { manifestFilePaths, readBytes } from '../engine';
import { toProblemError } from '../errors';
import { exportItem } from '../present';
import { decodeCursor, encodeCursor } from './cursor';
import { idParams, listQuery, type IdParams, type ListQuery } from './schemas';

export function callerOf(request: FastifyRequest): CustodyCaller {
  return {
    siteId: request.siteId,
    principal: requirePrincipal(request),
    address: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  };
}

/** `GET /api/evidence`, `GET /api/evidence/{id}` and `GET /api/evidence/{id}/manifest`. */
export function registerReadRoutes(app: FastifyInstance, context: EvidenceContext): void {
  app.get<{ Querystring: ListQuery }>(
    '/evidence',
    {
      config: { permission: 'evidence:read' },
      schema: {
        tags: ['evidence'],
        summary: 'Evidence exports, newest first.',
        querystring: listQuery,
      },
    },
    async (request) => {
      const query = request.query;
      const principal = requirePrincipal(request);
      const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      if (before === null) {
        throw CoreErrors.validation('querystring/cursor is not a cursor returned by this API.', {
          field: 'querystring/cursor',
          fix: 'Pass the next_cursor of the previous page unchanged, or leave cursor out.',
        });
      }
      const rows = await listExports(context.em(), {
        siteId: request.siteId,
        cameraScope: principal.cameraScope,
        limit: query.limit + 1,
        ...(query.event_id === undefined ? {} : { eventId: query.event_id }),
        ...(query.camera === undefined ? {} : { camera: query.camera }),
        ...(query.camera_id === undefined ? {} : { cameraId: query.camera_id }),
        ...(query.from === undefined ? {} : { from: new Date(query.from) }),
        ...(query.to === undefined ? {} : { to: new Date(query.to) }),
        ...(before === undefined ? {} : { before }),
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(exportItem),
        next_cursor: rows.length > query.limit && last !== undefined ? encodeCursor(last) : null,
      };
    },
  );

  app.get<{ Params: IdParams }>(
    '/evidence/:id',
    {
      config: { permission: 'evidence:read' },
      schema: { tags: ['evidence'], summary: 'One evidence export.', params: idParams },
    },
    async (request) =>
      exportItem(await findVisibleExport(context, callerOf(request), request.params.id)),
  );

  app.get<{ Params: IdParams }>(
    '/evidence/:id/manifest',
    {
      config: { permission: 'evidence:read' },
      schema: {
        tags: ['evidence'],
        summary: 'The current manifest of an export, with its custody chain.',
        params: idParams,
      },
    },
    async (request, reply) => {
      const record = await findVisibleExport(context, callerOf(request), request.params.id);
      const path = manifestFilePaths(record.exportDate, record.id).manifest;
      let bytes: Buffer;
      try {
        bytes = await readBytes(context.vault.storageFor(request.siteId), path);
      } catch (error) {
        throw toProblemError(error);
      }
      // The stored bytes are sent unchanged, so they hash the same as the vault's file.
      return reply
        .type('application/json; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="manifest_${record.id}.json"`)
        .send(bytes);
    },
  );
}
