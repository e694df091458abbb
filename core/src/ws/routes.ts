import type { FastifyInstance } from 'fastify';
import { CoreErrors } from '../errors/codes';
import type { ServiceRegistry } from '../plugins/services';
import type { WebSocketHub } from './hub';

/**
 * `GET /api/ws`: the guard authenticates the upgrade request (cookie or `access_token`
 * query parameter), so the handler only attaches the socket to the hub with the user's
 * permissions and camera scope.
 */
export function registerWebSocketRoute(app: FastifyInstance, hub: WebSocketHub, services: ServiceRegistry): void {
  app.get('/api/ws', { websocket: true, config: { permission: 'authenticated' } }, (socket, request) => {
    const principal = request.principal;
    const authorizer = services.find('authorizer');
    const authenticator = services.find('authenticator');
    if (principal === null || authorizer === undefined || authenticator === undefined) {
      socket.close(4401, CoreErrors.unauthenticated().message);
      return;
    }
    hub.attach(socket, {
      can: (permission) => authorizer.can(principal, permission),
      cameraScope: principal.cameraScope,
      isActive: () => authenticator.isActive(principal),
    });
  });
}
