import { css } from 'lit';

/**
 * Colours and shared controls of the portal. Text colours meet WCAG AA (4.5:1) on the
 * surfaces they are used on. The `--cen-*` names also reach the Lovelace cards, which read
 * them as fallbacks of Home Assistant's theme variables.
 */
export const tokens = css`
  :host {
    --c-bg: #f3f5f8;
    --c-surface: #ffffff;
    --c-surface-alt: #f7f8fa;
    --c-text: #1b1f24;
    --c-muted: #525b66;
    --c-border: #d3d9e0;
    --c-primary: #1459b8;
    --c-primary-hover: #0f4690;
    --c-on-primary: #ffffff;
    --c-primary-tint: #e6eefb;
    --c-danger: #b3261e;
    --c-danger-tint: #fbe6e4;
    --c-success: #176b37;
    --c-success-tint: #e2f3e7;
    --c-warning: #7d4b00;
    --c-warning-tint: #fdf1dc;
    --c-focus: #1459b8;
    --radius: 10px;
    --shadow: 0 1px 2px rgba(16, 24, 40, 0.06), 0 1px 3px rgba(16, 24, 40, 0.08);
    --mono: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    color: var(--c-text);
    font-family:
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Helvetica Neue',
      Arial,
      sans-serif;
    line-height: 1.45;
  }
`;

/** Buttons, form fields, cards, tables and badges used by every screen. */
export const controls = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  :focus-visible {
    outline: 3px solid var(--c-focus);
    outline-offset: 2px;
  }
  h1 {
    font-size: 1.45rem;
    margin: 0;
    line-height: 1.25;
  }
  h2 {
    font-size: 1.1rem;
    margin: 0 0 12px;
  }
  h3 {
    font-size: 1rem;
    margin: 0 0 8px;
  }
  p {
    margin: 0 0 8px;
  }
  a {
    color: var(--c-primary);
  }
  .page-header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 12px;
    margin-bottom: 16px;
  }
  .page-header p {
    color: var(--c-muted);
    margin: 4px 0 0;
  }
  .panel {
    background: var(--c-surface);
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    box-shadow: var(--shadow);
    padding: 16px;
    margin-bottom: 16px;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 40px;
    padding: 8px 14px;
    border-radius: 8px;
    border: 1px solid var(--c-border);
    background: var(--c-surface);
    color: var(--c-text);
    font: inherit;
    font-weight: 500;
    text-decoration: none;
    cursor: pointer;
    white-space: nowrap;
  }
  .button:hover {
    background: var(--c-surface-alt);
    border-color: #b8c1cc;
  }
  .button.primary {
    background: var(--c-primary);
    border-color: var(--c-primary);
    color: var(--c-on-primary);
  }
  .button.primary:hover {
    background: var(--c-primary-hover);
  }
  .button.danger {
    color: var(--c-danger);
    border-color: #e3b4b0;
  }
  .button.danger.solid {
    background: var(--c-danger);
    border-color: var(--c-danger);
    color: #fff;
  }
  .button.small {
    min-height: 32px;
    padding: 4px 10px;
    font-size: 0.9rem;
  }
  .button[disabled],
  .button[aria-disabled='true'] {
    opacity: 0.55;
    cursor: not-allowed;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin-bottom: 14px;
  }
  .field > label,
  .label {
    font-weight: 600;
    font-size: 0.92rem;
  }
  .help {
    color: var(--c-muted);
    font-size: 0.85rem;
    margin: 0;
  }
  .field-error {
    color: var(--c-danger);
    font-size: 0.88rem;
    margin: 0;
  }
  input[type='text'],
  input[type='email'],
  input[type='password'],
  input[type='number'],
  input[type='date'],
  input[type='datetime-local'],
  input[type='search'],
  select,
  textarea {
    width: 100%;
    min-height: 40px;
    padding: 8px 10px;
    font: inherit;
    color: var(--c-text);
    background: var(--c-surface);
    border: 1px solid #8a949f;
    border-radius: 8px;
  }
  input[aria-invalid='true'],
  select[aria-invalid='true'] {
    border-color: var(--c-danger);
    box-shadow: 0 0 0 1px var(--c-danger);
  }
  .check {
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 32px;
  }
  .field.check {
    flex-direction: row;
  }
  .check input {
    width: 18px;
    height: 18px;
    margin: 0;
  }
  .alert {
    border-radius: 8px;
    padding: 10px 12px;
    margin: 0 0 12px;
    border: 1px solid transparent;
  }
  .alert.error {
    background: var(--c-danger-tint);
    border-color: #efc2bd;
    color: #7f1d17;
  }
  .alert.success {
    background: var(--c-success-tint);
    border-color: #b9dfc6;
    color: #11522a;
  }
  .alert.info {
    background: var(--c-primary-tint);
    border-color: #c3d5f3;
    color: #0d3c7c;
  }
  .alert.warning {
    background: var(--c-warning-tint);
    border-color: #f0d6a6;
    color: #5f3900;
  }
  .badge {
    display: inline-block;
    padding: 2px 8px;
    border-radius: 999px;
    font-size: 0.8rem;
    font-weight: 600;
    background: #e9ecf0;
    color: #363d45;
    white-space: nowrap;
  }
  .badge.ok {
    background: var(--c-success-tint);
    color: #11522a;
  }
  .badge.bad {
    background: var(--c-danger-tint);
    color: #8f1d17;
  }
  .badge.warn {
    background: var(--c-warning-tint);
    color: #6b3f00;
  }
  .badge.info {
    background: var(--c-primary-tint);
    color: #0d3c7c;
  }
  .table-wrap {
    overflow-x: auto;
    border: 1px solid var(--c-border);
    border-radius: var(--radius);
    background: var(--c-surface);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.93rem;
  }
  th,
  td {
    text-align: left;
    padding: 10px 12px;
    border-bottom: 1px solid #e6e9ee;
    vertical-align: top;
  }
  th {
    font-size: 0.8rem;
    text-transform: uppercase;
    letter-spacing: 0.03em;
    color: var(--c-muted);
    background: var(--c-surface-alt);
  }
  /* Units are case-sensitive: Mb/s (megabits) must not read as MB/s (megabytes). */
  th.unit {
    text-transform: none;
  }
  tr:last-child td {
    border-bottom: none;
  }
  .mono {
    font-family: var(--mono);
    font-size: 0.86rem;
    overflow-wrap: anywhere;
  }
  .muted {
    color: var(--c-muted);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
  .grid-2 {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
    gap: 0 16px;
  }
  .load-more {
    display: flex;
    justify-content: center;
    padding: 12px 0;
  }
  dialog {
    border: none;
    border-radius: 14px;
    padding: 0;
    width: min(560px, calc(100vw - 24px));
    max-height: calc(100vh - 48px);
    box-shadow: 0 20px 50px rgba(16, 24, 40, 0.3);
    color: var(--c-text);
  }
  dialog::backdrop {
    background: rgba(16, 24, 40, 0.5);
  }
  .dialog-header {
    display: flex;
    justify-content: space-between;
    align-items: center;
    padding: 16px 20px 0;
  }
  .dialog-header h2 {
    margin: 0;
  }
  .dialog-body {
    padding: 16px 20px 20px;
  }
  .icon-button {
    border: none;
    background: transparent;
    width: 40px;
    height: 40px;
    border-radius: 8px;
    font-size: 1.1rem;
    cursor: pointer;
    color: var(--c-text);
  }
  .icon-button:hover {
    background: var(--c-surface-alt);
  }
  @media (max-width: 640px) {
    .stack-mobile thead {
      display: none;
    }
    .stack-mobile tr {
      display: block;
      border-bottom: 1px solid var(--c-border);
      padding: 8px 0;
    }
    .stack-mobile td {
      display: flex;
      gap: 12px;
      justify-content: space-between;
      border: none;
      padding: 4px 12px;
    }
    .stack-mobile td > * {
      text-align: right;
    }
    .stack-mobile td::before {
      content: attr(data-label);
      font-weight: 600;
      color: var(--c-muted);
      flex: none;
    }
  }
`;

export const portalStyles = [tokens, controls];
