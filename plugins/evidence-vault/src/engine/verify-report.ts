import type { EvidenceVerificationResult } from './verify-offline';

const LABEL_WIDTH = 12;

function line(label: string, text: string): string {
  return `${(label === '' ? '' : `${label}:`).padEnd(LABEL_WIDTH)}${text}`;
}

/** Formats the plain-English report printed by `centinela evidence verify`. */
export function formatVerificationReport(
  result: Omit<EvidenceVerificationResult, 'report'>,
): string {
  const lines = [
    `Evidence verification: ${result.verdict.toUpperCase()}`,
    line('File', result.filePath),
    line('Manifest', result.manifestPath),
  ];
  if (result.manifestError !== undefined) {
    lines.push(line('Manifest', `INVALID  ${result.manifestError}`));
    lines.push(
      line('Result', 'FAILED: the manifest cannot be read, so nothing could be verified.'),
    );
    return `${lines.join('\n')}\n`;
  }
  lines.push(line('Export id', result.exportId ?? '?'), '');
  lines.push(...fileLines(result), ...signatureLines(result), ...custodyLines(result), '');
  lines.push(line('Result', resultText(result)));
  return `${lines.join('\n')}\n`;
}

function fileLines(result: Omit<EvidenceVerificationResult, 'report'>): string[] {
  const file = result.file;
  const lines =
    file.hashMatches && file.sizeMatches
      ? [line('SHA-256', `OK  ${file.actualSha256} (${file.actualSize} bytes)`)]
      : [
          line('SHA-256', 'MISMATCH'),
          line('', `manifest: ${file.expectedSha256} (${file.expectedSize} bytes)`),
          line('', `file:     ${file.actualSha256} (${file.actualSize} bytes)`),
        ];
  if (!file.nameMatches) {
    lines.push(line('File name', `note: the manifest names the file ${file.expectedName}`));
  }
  return lines;
}

function signatureLines(result: Omit<EvidenceVerificationResult, 'report'>): string[] {
  const signature = result.signature;
  const keyText = `key_id ${signature.keyId}`;
  const from =
    signature.publicKeySource === 'argument'
      ? `public key ${signature.publicKeyPath} (given with --public-key)`
      : `public key ${signature.publicKeyPath} (found beside the manifest)`;
  switch (signature.status) {
    case 'valid': {
      const lines = [line('Signature', `VALID  Ed25519, ${keyText}, ${from}`)];
      if (signature.publicKeySource === 'beside-manifest') {
        lines.push(
          line('', `Confirm that key_id ${signature.publicKeyId} is the key the site publishes`),
          line(
            '',
            '(GET /api/evidence/public-key): a key shipped with the files proves nothing alone.',
          ),
        );
      }
      return lines;
    }
    case 'invalid':
      return [
        line('Signature', `INVALID  ${keyText}, ${from}`),
        line('', 'The manifest was changed after it was signed.'),
      ];
    case 'wrong-key':
      return [
        line(
          'Signature',
          `WRONG KEY  the manifest names ${keyText}, ${from} has key_id ${signature.publicKeyId}`,
        ),
        line('', 'The manifest was not signed with this key.'),
      ];
    case 'not-checked':
      return [
        line('Signature', `NOT CHECKED  the manifest names ${keyText}`),
        line('', "The signature cannot be trusted without the site's public key."),
        line('', 'Pass --public-key with the key from GET /api/evidence/public-key.'),
      ];
  }
}

function custodyLines(result: Omit<EvidenceVerificationResult, 'report'>): string[] {
  const custody = result.custody;
  const count = `${custody.entries.length} entr${custody.entries.length === 1 ? 'y' : 'ies'}`;
  const status = {
    valid: `OK  ${count}, links and signatures valid`,
    'links-only': `LINKS OK  ${count}; entry signatures not checked without the public key`,
    broken: `BROKEN at entry ${custody.firstBrokenSeq}: ${custody.problem}`,
    'not-checked': 'NOT CHECKED',
  }[custody.status];
  const lines = [line('Custody', status)];
  for (const entry of custody.entries) {
    const columns = [
      String(entry.seq).padStart(3),
      entry.action.padEnd(8),
      entry.at,
      entry.actorEmail,
    ];
    if (entry.address !== null) columns.push(entry.address);
    lines.push(line('', columns.join('  ')));
  }
  return lines;
}

function resultText(result: Omit<EvidenceVerificationResult, 'report'>): string {
  switch (result.verdict) {
    case 'verified':
      return 'VERIFIED: the file matches the signed manifest and the custody chain is intact.';
    case 'unverified':
      return "UNVERIFIED: the hash and custody links match, but the signature was not checked without the site's public key.";
    case 'failed':
      return 'FAILED: see the lines marked MISMATCH, INVALID, WRONG KEY or BROKEN above.';
  }
}
