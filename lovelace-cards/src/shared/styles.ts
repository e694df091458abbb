import { css } from 'lit';

/**
 * Theme variables of Home Assistant with fallbacks for pages without its theme (the
 * portal, a test page). The fallback colours meet WCAG AA contrast on the fallback
 * background.
 */
export const themeStyles = css`
  :host {
    --cen-text: var(--primary-text-color, #1c1c1c);
    --cen-text-secondary: var(--secondary-text-color, #595959);
    --cen-primary: var(--primary-color, #1565c0);
    --cen-on-primary: var(--text-primary-color, #ffffff);
    --cen-background: var(--ha-card-background, var(--card-background-color, #ffffff));
    --cen-surface: var(--secondary-background-color, #f2f3f5);
    --cen-divider: var(--divider-color, rgba(0, 0, 0, 0.12));
    --cen-error: var(--error-color, #b3261e);
    --cen-success: var(--success-color, #1b7f3b);
    --cen-warning: var(--warning-color, #8a5300);
    --cen-radius: var(--ha-card-border-radius, 12px);
    --cen-font: var(
      --paper-font-body1_-_font-family,
      var(--ha-font-family-body, system-ui, sans-serif)
    );
    color: var(--cen-text);
    font-family: var(--cen-font);
  }
`;

/** The container and controls shared by both cards. */
export const cardStyles = css`
  :host {
    display: block;
  }
  .card {
    display: block;
    box-sizing: border-box;
    background: var(--cen-background);
    color: var(--cen-text);
    border-radius: var(--cen-radius);
    border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--cen-divider));
    box-shadow: var(--ha-card-box-shadow, none);
    overflow: hidden;
  }
  ha-card {
    overflow: hidden;
  }
  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    padding: 12px 16px 4px;
  }
  .header h2 {
    margin: 0;
    font-size: 1.15rem;
    font-weight: 500;
    line-height: 1.4;
  }
  .content {
    padding: 8px 16px 16px;
  }
  .live-dot {
    width: 10px;
    height: 10px;
    border-radius: 50%;
    flex: none;
    background: var(--cen-text-secondary);
  }
  .live-dot[data-on] {
    background: var(--cen-success);
  }
  button {
    font: inherit;
    color: inherit;
  }
  button:focus-visible,
  select:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--cen-primary);
    outline-offset: 2px;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 36px;
    padding: 6px 14px;
    border-radius: 18px;
    border: 1px solid var(--cen-divider);
    background: transparent;
    color: var(--cen-text);
    cursor: pointer;
    text-decoration: none;
  }
  .button.primary {
    background: var(--cen-primary);
    color: var(--cen-on-primary);
    border-color: transparent;
  }
  .button[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  .badge {
    display: inline-block;
    padding: 2px 8px;
    border-radius: 10px;
    font-size: 0.75rem;
    font-weight: 600;
    line-height: 1.4;
    white-space: nowrap;
    background: var(--cen-surface);
    color: var(--cen-text);
  }
  .badge.active,
  .badge.alert {
    background: var(--cen-error);
    color: #ffffff;
  }
  .badge.progress {
    background: var(--cen-primary);
    color: var(--cen-on-primary);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** Native `<dialog>` styling for the clip, export and live view dialogs. */
export const dialogStyles = css`
  dialog {
    box-sizing: border-box;
    width: min(720px, calc(100vw - 24px));
    max-height: calc(100vh - 24px);
    padding: 0;
    border: none;
    border-radius: var(--ha-dialog-border-radius, 16px);
    background: var(--cen-background);
    color: var(--cen-text);
    box-shadow: 0 12px 40px rgba(0, 0, 0, 0.35);
  }
  dialog::backdrop {
    background: rgba(0, 0, 0, 0.55);
  }
  .dialog-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    padding: 12px 12px 4px 16px;
  }
  .dialog-header h2 {
    margin: 0;
    font-size: 1.1rem;
    font-weight: 500;
  }
  .dialog-body {
    padding: 8px 16px 16px;
  }
  .icon-button {
    width: 40px;
    height: 40px;
    border-radius: 50%;
    border: none;
    background: transparent;
    cursor: pointer;
    font-size: 1.25rem;
    line-height: 1;
  }
  .icon-button:hover {
    background: var(--cen-surface);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    justify-content: flex-end;
    margin-top: 12px;
  }
`;
