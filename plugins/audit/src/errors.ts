import { defineError } from '@centinela/core';

/** Errors of the audit plugin; docs/errors-auth.md lists them. */
export const AuditErrors = {
  cursorInvalid: defineError(
    'CEN_ERR_AUDIT_CURSOR_INVALID',
    400,
    'Invalid cursor',
    () => 'The cursor is not one this API returned.',
  ),
  rangeInvalid: defineError(
    'CEN_ERR_AUDIT_RANGE_INVALID',
    400,
    'Invalid time range',
    (from: string, to: string) => `"from" (${from}) is after "to" (${to}).`,
  ),
};
