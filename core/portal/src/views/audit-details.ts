import { css, html, nothing } from 'lit';

/** Keys shown first in the one-line summary of an entry's details, when present. */
const LEADING_KEYS = [
  'reason',
  'method',
  'status',
  'day',
  'role',
  'email',
  'permission',
  'changes',
];
const SUMMARY_KEYS = 2;
const SUMMARY_VALUE_LENGTH = 40;

/** Text of one detail value: strings as they are, anything else as compact JSON. */
export function detailText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** The entries of `details`, the keys of LEADING_KEYS first, then the rest in stored order. */
export function orderedDetails(details: Record<string, unknown>): [string, string][] {
  const keys = Object.keys(details);
  const leading = LEADING_KEYS.filter((key) => keys.includes(key));
  const rest = keys.filter((key) => !LEADING_KEYS.includes(key));
  return [...leading, ...rest].map((key) => [key, detailText(details[key])]);
}

/**
 * The details of an audit entry as a disclosure: a one-line summary of the first values,
 * and every key and value when opened. Hashes and ids stay readable instead of one long
 * JSON string per row.
 */
export function renderAuditDetails(details: Record<string, unknown> | null | undefined) {
  if (details === null || details === undefined) return nothing;
  const entries = orderedDetails(details);
  if (entries.length === 0) return nothing;
  const summary = entries
    .slice(0, SUMMARY_KEYS)
    .map(([key, value]) => `${key}: ${shorten(value, SUMMARY_VALUE_LENGTH)}`)
    .join(' · ');
  const more = entries.length - SUMMARY_KEYS;
  return html`<details class="details">
    <summary>${summary}${more > 0 ? html` <span class="more">+${more}</span>` : nothing}</summary>
    <dl>
      ${entries.map(
        ([key, value]) =>
          html`<dt>${key}</dt>
            <dd class="mono">${value}</dd>`,
      )}
    </dl>
  </details>`;
}

export const auditDetailsStyles = css`
  .details {
    margin-top: 4px;
    max-width: 48ch;
    font-size: 0.85rem;
    color: var(--c-muted);
  }
  .details summary {
    cursor: pointer;
    overflow-wrap: anywhere;
  }
  .details .more {
    font-weight: 600;
  }
  .details dl {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 2px 10px;
    margin: 6px 0 0;
    text-align: left;
  }
  .details dt {
    font-weight: 600;
  }
  .details dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
`;
