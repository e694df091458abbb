import type { FastifyInstance } from 'fastify';
import type { EvidenceContext } from '../context';
import { registerDownloadRoute } from './download-route';
import { registerExportRoute } from './export-route';
import { registerPublicKeyRoute } from './public-key-route';
import { registerReadRoutes } from './read-routes';
import { registerVerifyRoute } from './verify-route';

export function registerEvidenceRoutes(app: FastifyInstance, context: EvidenceContext): void {
  registerPublicKeyRoute(app, context);
  registerExportRoute(app, context);
  registerReadRoutes(app, context);
  registerDownloadRoute(app, context);
  registerVerifyRoute(app, context);
}
