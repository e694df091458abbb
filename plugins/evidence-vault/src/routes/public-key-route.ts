import type { FastifyInstance } from 'fastify';
import type { EvidenceContext } from '../context';

/**
 * `GET /api/evidence/public-key`: the site's Ed25519 public key (SPKI PEM). Public, because
 * the recipient of an export needs it to check the manifest signature.
 */
export function registerPublicKeyRoute(app: FastifyInstance, context: EvidenceContext): void {
  app.get(
    '/evidence/public-key',
    {
      config: { public: true },
      schema: { tags: ['evidence'], summary: "The site's evidence signing public key (PEM)." },
    },
    async (_request, reply) =>
      reply
        .type('application/x-pem-file')
        .header('Content-Disposition', 'attachment; filename=evidence-public-key.pem')
        .header('X-Evidence-Key-Id', context.vault.key.keyId)
        .send(context.vault.key.publicKeyPem),
  );
}
