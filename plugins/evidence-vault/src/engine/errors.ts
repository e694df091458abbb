/**
 * Typed errors of the evidence engine. Each carries a stable `code`, an HTTP status, a title
 * and, where it helps, the offending `field` and a `fix`. These are the members of the core's
 * problem+json errors, so the HTTP layer can turn any of them into an RFC 9457 response.
 */
export type EvidenceErrorCode =
  | 'CEN_ERR_EVIDENCE_VAULT_FULL'
  | 'CEN_ERR_EVIDENCE_PATH_INVALID'
  | 'CEN_ERR_EVIDENCE_FILE_NOT_FOUND'
  | 'CEN_ERR_EVIDENCE_FILE_EXISTS'
  | 'CEN_ERR_EVIDENCE_WRITE_STATE'
  | 'CEN_ERR_EVIDENCE_SOURCE_INCOMPLETE'
  | 'CEN_ERR_EVIDENCE_INPUT_INVALID'
  | 'CEN_ERR_EVIDENCE_MANIFEST_INVALID'
  | 'CEN_ERR_EVIDENCE_KEY_INVALID';

export interface EvidenceErrorOptions {
  field?: string;
  fix?: string;
  cause?: unknown;
}

export class EvidenceError extends Error {
  readonly code: EvidenceErrorCode;
  readonly statusCode: number;
  readonly title: string;
  readonly field: string | undefined;
  readonly fix: string | undefined;

  constructor(
    code: EvidenceErrorCode,
    statusCode: number,
    title: string,
    message: string,
    options: EvidenceErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EvidenceError';
    this.code = code;
    this.statusCode = statusCode;
    this.title = title;
    this.field = options.field;
    this.fix = options.fix;
  }
}

/** The vault's file system returned ENOSPC or EDQUOT. Nothing of the failed write is kept. */
export class VaultFullError extends EvidenceError {
  readonly relativePath: string;

  constructor(relativePath: string, cause: unknown) {
    super(
      'CEN_ERR_EVIDENCE_VAULT_FULL',
      507,
      'Evidence vault is full',
      `No space left in the evidence vault while writing ${relativePath}.`,
      { fix: 'Free space on the disk that holds the vault, then export again.', cause },
    );
    this.name = 'VaultFullError';
    this.relativePath = relativePath;
  }
}

/** A vault path that is absolute, contains `..`, or has characters outside the allowed set. */
export class VaultPathError extends EvidenceError {
  constructor(relativePath: string, reason: string) {
    super(
      'CEN_ERR_EVIDENCE_PATH_INVALID',
      400,
      'Invalid evidence vault path',
      `Invalid vault path ${JSON.stringify(relativePath)}: ${reason}.`,
      {
        field: 'path',
        fix: 'Use a relative path of segments made of letters, digits, "_", "-" and ".", not starting with ".".',
      },
    );
    this.name = 'VaultPathError';
  }
}

export class VaultNotFoundError extends EvidenceError {
  constructor(relativePath: string) {
    super(
      'CEN_ERR_EVIDENCE_FILE_NOT_FOUND',
      404,
      'Evidence file not found',
      `No file ${relativePath} in the evidence vault.`,
    );
    this.name = 'VaultNotFoundError';
  }
}

/** An exclusive write found a file already at the final path; the existing file is kept. */
export class VaultFileExistsError extends EvidenceError {
  constructor(relativePath: string) {
    super(
      'CEN_ERR_EVIDENCE_FILE_EXISTS',
      409,
      'Evidence file already exists',
      `The evidence vault already contains ${relativePath}; exported files are never replaced.`,
      { fix: 'Use a new export id.' },
    );
    this.name = 'VaultFileExistsError';
  }
}

export function isNodeError(error: unknown, ...codes: string[]): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    typeof (error as NodeJS.ErrnoException).code === 'string' &&
    codes.includes((error as NodeJS.ErrnoException).code as string)
  );
}

/** Converts ENOSPC and EDQUOT into VaultFullError and leaves other errors as they are. */
export function toVaultError(error: unknown, relativePath: string): unknown {
  if (error instanceof EvidenceError) return error;
  if (isNodeError(error, 'ENOSPC', 'EDQUOT')) return new VaultFullError(relativePath, error);
  return error;
}

export function invalidInput(field: string, message: string, fix?: string): EvidenceError {
  return new EvidenceError(
    'CEN_ERR_EVIDENCE_INPUT_INVALID',
    400,
    'Invalid evidence input',
    message,
    {
      field,
      ...(fix === undefined ? {} : { fix }),
    },
  );
}

export function invalidManifest(field: string, message: string): EvidenceError {
  return new EvidenceError(
    'CEN_ERR_EVIDENCE_MANIFEST_INVALID',
    422,
    'Invalid evidence manifest',
    message,
    { field },
  );
}
