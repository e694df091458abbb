import type { FastifyReply } from 'fastify';
import { isAbort } from '../frigate-client/http';
import type { MediaStream } from './open-media';

/**
 * Stream a media response to the client without buffering it. When the client goes away, the
 * signal aborts the upstream request to Frigate, so an abandoned 200 MB clip stops at once.
 */
export async function sendMedia(
  reply: FastifyReply,
  open: (signal: AbortSignal) => Promise<MediaStream>,
): Promise<FastifyReply> {
  const controller = new AbortController();
  const onClose = (): void => {
    if (!reply.raw.writableFinished) controller.abort();
  };
  reply.raw.once('close', onClose);
  let media: MediaStream;
  try {
    media = await open(controller.signal);
  } catch (error) {
    reply.raw.off('close', onClose);
    if (controller.signal.aborted && isAbort(error)) {
      // The client left before Frigate responded, so no client is left to receive a problem.
      reply.hijack();
      reply.raw.destroy();
      return reply;
    }
    throw error;
  }
  reply.code(media.statusCode);
  reply.header('content-type', media.contentType);
  reply.header('cache-control', media.cacheControl);
  if (media.contentLength !== null) reply.header('content-length', String(media.contentLength));
  if (media.contentRange !== null) reply.header('content-range', media.contentRange);
  if (media.acceptRanges !== null) reply.header('accept-ranges', media.acceptRanges);
  if (media.etag !== null) reply.header('etag', media.etag);
  if (media.lastModified !== null) reply.header('last-modified', media.lastModified);
  return reply.send(media.body);
}
