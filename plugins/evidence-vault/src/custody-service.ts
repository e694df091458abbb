import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Principal } from '@centinela/core';
import type { EvidenceContext } from './context';
import type { EvidenceExport } from './db/entities';
import { findExport, lockExport } from './db/export-rows';
import { recordCustody, type CustodyEntryInput, type EvidenceManifest } from './engine';
import { EvidenceErrors, toProblemError } from './errors';

/** The caller of a download or verification. */
export interface CustodyCaller {
  siteId: string;
  principal: Principal;
  address: string;
  userAgent: string | null;
}

/**
 * Returns an export of the caller's site. An export of a camera outside the caller's scope
 * is reported as not found.
 */
export async function findVisibleExport(
  context: EvidenceContext,
  caller: CustodyCaller,
  id: string,
): Promise<EvidenceExport> {
  const record = await findExport(context.em(), caller.siteId, id);
  const scope = caller.principal.cameraScope;
  if (record === null || (scope !== null && !scope.includes(record.cameraId))) {
    throw EvidenceErrors.exportNotFound(id, {
      fix: 'Use an id from GET /api/evidence on this site.',
    });
  }
  return record;
}

export interface CustodyAppend {
  action: CustodyEntryInput['action'];
  details?: CustodyEntryInput['details'];
  /** Runs inside the transaction after the row lock, before the entry is written. */
  beforeAppend?(em: SqlEntityManager, record: EvidenceExport): Promise<void>;
}

/**
 * Appends a signed custody entry to the export's manifest while holding a row lock on the
 * export (SELECT ... FOR UPDATE), so concurrent downloads and verifications of one export
 * extend the chain one after the other. Database changes made in `beforeAppend` commit only
 * when the manifest was written.
 */
export async function appendCustodyEntry(
  context: EvidenceContext,
  caller: CustodyCaller,
  exportId: string,
  append: CustodyAppend,
): Promise<EvidenceManifest> {
  const signer = context.vault.key;
  const storage = context.vault.storageFor(caller.siteId);
  // Only the transaction's own connection is used inside, because the embedded database
  // (PGlite) serves one connection and any other query would wait for this one forever.
  return context.em().transactional(async (em) => {
    const record = await lockExport(em, caller.siteId, exportId);
    if (record === null) throw EvidenceErrors.exportNotFound(exportId);
    if (record.keyId !== signer.keyId) {
      throw EvidenceErrors.signingKeyMismatch(record.id, record.keyId, signer.keyId, {
        fix: `Restore the private key with key_id ${record.keyId} into the data folder (keys/), then try again.`,
      });
    }
    await append.beforeAppend?.(em, record);
    try {
      return await recordCustody({
        storage,
        date: record.exportDate,
        exportId: record.id,
        signer,
        entry: {
          action: append.action,
          actor: {
            id: caller.principal.userId,
            email: caller.principal.email,
            role: caller.principal.role,
          },
          at: new Date(),
          address: caller.address,
          ...(append.details === undefined ? {} : { details: append.details }),
        },
      });
    } catch (error) {
      throw toProblemError(error);
    }
  });
}
