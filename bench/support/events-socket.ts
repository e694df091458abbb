import WebSocket from 'ws';

export interface EventMessage {
  kind: string;
  frigateEventId: string;
  /** performance.now() when the message arrived. */
  receivedAt: number;
}

/**
 * Opens a WebSocket client on /api/ws subscribed to one site's events topic, calling `onEvent` for
 * every detection message.
 */
export async function subscribeEvents(
  baseUrl: string,
  token: string,
  siteId: string,
  onEvent: (message: EventMessage) => void,
): Promise<WebSocket> {
  const socket = new WebSocket(
    `${baseUrl.replace(/^http/, 'ws')}/api/ws?access_token=${encodeURIComponent(token)}`,
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const subscribed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('no "subscribed" message on /api/ws within 5 s')),
      5000,
    );
    socket.on('message', (raw) => {
      const receivedAt = performance.now();
      const message = JSON.parse(raw.toString()) as {
        type: string;
        data?: { kind?: string; event?: { frigate_event_id?: string } };
      };
      if (message.type === 'subscribed') {
        clearTimeout(timer);
        resolve();
        return;
      }
      const id = message.data?.event?.frigate_event_id;
      if (message.type === 'message' && id !== undefined)
        onEvent({ kind: message.data?.kind ?? '', frigateEventId: id, receivedAt });
    });
  });
  socket.send(JSON.stringify({ type: 'subscribe', topics: [`events:${siteId}`] }));
  await subscribed;
  return socket;
}
