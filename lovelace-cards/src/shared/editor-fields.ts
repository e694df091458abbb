import { css, html, nothing, type TemplateResult } from 'lit';

/**
 * Labelled form fields for the visual card editors, built from native inputs so that the
 * editors work without Home Assistant's internal elements.
 */

export interface FieldOptions {
  id: string;
  label: string;
  help?: string;
}

function helpId(options: FieldOptions): string | undefined {
  return options.help !== undefined ? `${options.id}-help` : undefined;
}

function renderHelp(options: FieldOptions) {
  return options.help !== undefined
    ? html`<p class="help" id=${`${options.id}-help`}>${options.help}</p>`
    : nothing;
}

export function textField(
  options: FieldOptions & {
    value: string | undefined;
    type?: 'text' | 'password' | 'url';
    list?: string;
    placeholder?: string;
  },
  onChange: (value: string) => void,
): TemplateResult {
  return html`
    <div class="field">
      <label for=${options.id}>${options.label}</label>
      <input
        id=${options.id}
        type=${options.type ?? 'text'}
        .value=${options.value ?? ''}
        list=${options.list ?? nothing}
        placeholder=${options.placeholder ?? nothing}
        autocomplete="off"
        aria-describedby=${helpId(options) ?? nothing}
        @change=${(event: Event) => onChange((event.target as HTMLInputElement).value)}
      />
      ${renderHelp(options)}
    </div>
  `;
}

export function numberField(
  options: FieldOptions & { value: number | undefined; min: number; max: number; step?: number },
  onChange: (value: string) => void,
): TemplateResult {
  return html`
    <div class="field">
      <label for=${options.id}>${options.label}</label>
      <input
        id=${options.id}
        type="number"
        inputmode="numeric"
        min=${options.min}
        max=${options.max}
        step=${options.step ?? 1}
        .value=${options.value === undefined ? '' : String(options.value)}
        aria-describedby=${helpId(options) ?? nothing}
        @change=${(event: Event) => onChange((event.target as HTMLInputElement).value)}
      />
      ${renderHelp(options)}
    </div>
  `;
}

export function selectField(
  options: FieldOptions & { value: string; choices: { value: string; label: string }[] },
  onChange: (value: string) => void,
): TemplateResult {
  return html`
    <div class="field">
      <label for=${options.id}>${options.label}</label>
      <select
        id=${options.id}
        .value=${options.value}
        aria-describedby=${helpId(options) ?? nothing}
        @change=${(event: Event) => onChange((event.target as HTMLSelectElement).value)}
      >
        ${options.choices.map(
          (choice) =>
            html`<option value=${choice.value} ?selected=${choice.value === options.value}>
              ${choice.label}
            </option>`,
        )}
      </select>
      ${renderHelp(options)}
    </div>
  `;
}

export function checkboxField(
  options: FieldOptions & { checked: boolean },
  onChange: (checked: boolean) => void,
): TemplateResult {
  return html`
    <div class="field checkbox">
      <input
        id=${options.id}
        type="checkbox"
        .checked=${options.checked}
        aria-describedby=${helpId(options) ?? nothing}
        @change=${(event: Event) => onChange((event.target as HTMLInputElement).checked)}
      />
      <label for=${options.id}>${options.label}</label>
      ${renderHelp(options)}
    </div>
  `;
}

/** Sets or removes one key, so that empty fields leave no `key: ''` in the YAML. */
export function withOption<T extends object>(config: T, key: string, value: unknown): T {
  const next: Record<string, unknown> = { ...(config as Record<string, unknown>) };
  if (value === undefined || value === '') delete next[key];
  else next[key] = value;
  return next as T;
}

/** Number inputs keep text that is not a number, so that validation can name the bad value. */
export function numberOrText(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

export const editorStyles = css`
  :host {
    display: block;
  }
  .form {
    display: grid;
    gap: 12px;
  }
  .field {
    display: grid;
    gap: 4px;
  }
  .field.checkbox {
    grid-template-columns: auto 1fr;
    align-items: center;
    column-gap: 8px;
  }
  .field.checkbox .help {
    grid-column: 1 / -1;
  }
  label {
    font-weight: 500;
  }
  input:not([type='checkbox']),
  select {
    box-sizing: border-box;
    width: 100%;
    min-height: 40px;
    padding: 6px 10px;
    font: inherit;
    color: var(--cen-text);
    background: var(--cen-background);
    border: 1px solid var(--cen-text-secondary);
    border-radius: 8px;
  }
  .help {
    margin: 0;
    font-size: 0.85rem;
    color: var(--cen-text-secondary);
  }
  fieldset {
    display: grid;
    gap: 10px;
    margin: 0;
    padding: 12px;
    border: 1px solid var(--cen-divider);
    border-radius: 10px;
  }
  legend {
    font-weight: 500;
    padding: 0 4px;
  }
  .error {
    margin: 0;
    padding: 8px 12px;
    border-radius: 8px;
    color: var(--cen-error);
    border: 1px solid var(--cen-error);
  }
  .row-actions {
    display: flex;
    justify-content: flex-end;
  }
`;
