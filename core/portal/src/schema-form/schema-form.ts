import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { t, type Language } from '../i18n';
import { portalStyles } from '../styles/theme';
import {
  childPath,
  enumValues,
  fieldKind,
  fieldLabel,
  isSecretField,
  properties,
  readPath,
  requiredKeys,
  ROOT_PATH,
  schemaTypes,
  writePath,
  type ConfigObject,
  type JsonSchema,
} from './schema';

/** `config.include.clips` → `f-config-include-clips`, a valid id and CSS selector. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

/**
 * Form generated from a JSON Schema: text, number, checkbox, select and password inputs,
 * fieldsets for nested objects. It edits `value` and fires `value-change` with the new
 * object; `errors` (path → message) are shown under their fields.
 */
export class CenSchemaForm extends LitElement {
  static override styles = [
    portalStyles,
    css`
      fieldset {
        border: 1px solid var(--c-border);
        border-radius: 8px;
        padding: 8px 14px 2px;
        margin: 0 0 14px;
      }
      legend {
        font-weight: 600;
        padding: 0 4px;
      }
      .required {
        color: var(--c-danger);
      }
      .check-field {
        margin-bottom: 14px;
      }
      .check-field .help,
      .check-field .field-error {
        margin-left: 26px;
      }
      .choices {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
      }
    `,
  ];

  @property({ attribute: false }) schema: JsonSchema = {};
  @property({ attribute: false }) value: ConfigObject = {};
  @property({ attribute: false }) errors: Map<string, string> = new Map();
  @property({ attribute: false }) secretKeys: string[] = [];
  /** Secret fields whose value is stored on the server; left empty they keep it. */
  @property({ attribute: false }) storedSecrets: Set<string> = new Set();
  @property() language: Language = 'en';

  protected override render() {
    return html`${this.renderProperties(this.schema, ROOT_PATH)}`;
  }

  /** Moves focus to the first field with an error. */
  focusFirstError(): void {
    const first = [...this.errors.keys()][0];
    if (first === undefined) return;
    this.renderRoot.querySelector<HTMLElement>(`#${fieldId(first)}`)?.focus();
  }

  private renderProperties(schema: JsonSchema, path: string): TemplateResult[] {
    const required = requiredKeys(schema);
    return properties(schema).map(([key, child]) =>
      this.renderField(key, child, childPath(path, key), required.includes(key)),
    );
  }

  private renderField(
    key: string,
    schema: JsonSchema,
    path: string,
    required: boolean,
  ): TemplateResult {
    const kind = fieldKind(schema);
    const label = fieldLabel(key, schema);

    if (kind === 'object') {
      return html`<fieldset data-field=${path}>
        <legend>${label}</legend>
        ${this.describe(schema, path)} ${this.renderProperties(schema, path)}
        ${this.renderError(path)}
      </fieldset>`;
    }

    const value = readPath(this.value, path);
    const id = fieldId(path);
    const error = this.errors.get(path);
    const describedBy = [
      this.hasHelp(schema, path) ? `${id}-help` : '',
      error !== undefined ? `${id}-error` : '',
    ]
      .filter((part) => part !== '')
      .join(' ');
    const common = {
      id,
      testId: `field-${path}`,
      invalid: error !== undefined ? 'true' : 'false',
      describedBy: describedBy === '' ? undefined : describedBy,
    };

    if (kind === 'boolean') {
      return html`<div class="check-field" data-field=${path}>
        <label class="check">
          <input
            id=${common.id}
            type="checkbox"
            data-testid=${common.testId}
            aria-describedby=${common.describedBy ?? nothing}
            aria-invalid=${common.invalid}
            .checked=${value === true}
            @change=${(event: Event) => this.set(path, (event.target as HTMLInputElement).checked)}
          />
          ${label}
        </label>
        ${this.describe(schema, path)} ${this.renderError(path)}
      </div>`;
    }

    if (kind === 'enum-list') return this.renderEnumList(label, schema, path, value);
    return html`<div class="field" data-field=${path}>
      <label for=${id}
        >${label}${required ? html` <span class="required" aria-hidden="true">*</span>` : nothing}</label
      >
      ${this.renderInput(key, kind, schema, path, value, required, common)}
      ${this.describe(schema, path)} ${this.renderError(path)}
    </div>`;
  }

  private renderInput(
    key: string,
    kind: ReturnType<typeof fieldKind>,
    schema: JsonSchema,
    path: string,
    value: unknown,
    required: boolean,
    common: { id: string; testId: string; invalid: string; describedBy: string | undefined },
  ): TemplateResult {
    const describedBy = common.describedBy ?? nothing;
    if (kind === 'enum') {
      const options = enumValues(schema);
      // An empty choice only where the schema allows null or nothing is chosen yet.
      const nullable = schemaTypes(schema).nullable;
      return html`<select
        id=${common.id}
        data-testid=${common.testId}
        aria-invalid=${common.invalid}
        aria-describedby=${describedBy}
        @change=${(event: Event) => {
          const index = Number((event.target as HTMLSelectElement).value);
          this.set(path, index < 0 ? undefined : options[index]);
        }}
      >
        ${nullable || value === undefined ? html`<option value="-1" ?selected=${value === undefined || value === null}>—</option>` : nothing}
        ${options.map((option, index) => html`<option value=${index} ?selected=${option === value}>${String(option)}</option>`)}
      </select>`;
    }
    if (kind === 'integer' || kind === 'number') {
      const nullable = schemaTypes(schema).nullable;
      return html`<input
        id=${common.id}
        type="number"
        inputmode=${kind === 'integer' ? 'numeric' : 'decimal'}
        data-testid=${common.testId}
        step=${kind === 'integer' ? '1' : 'any'}
        min=${typeof schema['minimum'] === 'number' ? schema['minimum'] : nothing}
        max=${typeof schema['maximum'] === 'number' ? schema['maximum'] : nothing}
        ?required=${required}
        aria-invalid=${common.invalid}
        aria-describedby=${describedBy}
        .value=${typeof value === 'number' ? String(value) : ''}
        @input=${(event: Event) => {
          const raw = (event.target as HTMLInputElement).value;
          if (raw !== '') this.set(path, Number(raw));
          else if (nullable) this.set(path, null);
          else this.set(path, undefined);
        }}
      />`;
    }
    if (kind === 'string-list') {
      return html`<textarea
        id=${common.id}
        data-testid=${common.testId}
        rows="3"
        aria-invalid=${common.invalid}
        aria-describedby=${describedBy}
        .value=${Array.isArray(value) ? value.join('\n') : ''}
        @input=${(event: Event) => {
          const lines = (event.target as HTMLTextAreaElement).value
            .split('\n')
            .map((line) => line.trim());
          this.set(
            path,
            lines.filter((line) => line !== ''),
          );
        }}
      ></textarea>`;
    }
    if (kind === 'unsupported') {
      return html`<textarea
        id=${common.id}
        data-testid=${common.testId}
        rows="3"
        readonly
        aria-describedby=${describedBy}
        .value=${JSON.stringify(value ?? null)}
      ></textarea>`;
    }
    const secret = isSecretField(key, schema, this.secretKeys);
    const stored = secret && this.storedSecrets.has(path);
    return html`<input
      id=${common.id}
      type=${secret ? 'password' : 'text'}
      autocomplete=${secret ? 'new-password' : 'off'}
      data-testid=${common.testId}
      ?required=${required && !stored}
      maxlength=${typeof schema['maxLength'] === 'number' ? schema['maxLength'] : nothing}
      placeholder=${stored ? t('plugins.secret_unchanged', this.language) : nothing}
      aria-invalid=${common.invalid}
      aria-describedby=${describedBy}
      .value=${typeof value === 'string' ? value : ''}
      @input=${(event: Event) => this.set(path, (event.target as HTMLInputElement).value)}
    />`;
  }

  private renderEnumList(
    label: string,
    schema: JsonSchema,
    path: string,
    value: unknown,
  ): TemplateResult {
    const chosen = new Set(Array.isArray(value) ? value : []);
    const options = enumValues(schema);
    return html`<fieldset data-field=${path}>
      <legend>${label}</legend>
      <div class="choices">
        ${options.map(
          (option) =>
            html`<label class="check">
              <input
                type="checkbox"
                data-testid="field-${path}-${String(option)}"
                .checked=${chosen.has(option)}
                @change=${(event: Event) => {
                  const next = new Set(chosen);
                  if ((event.target as HTMLInputElement).checked) next.add(option);
                  else next.delete(option);
                  this.set(
                    path,
                    options.filter((candidate) => next.has(candidate)),
                  );
                }}
              />
              ${String(option)}
            </label>`,
        )}
      </div>
      ${this.describe(schema, path)} ${this.renderError(path)}
    </fieldset>`;
  }

  private hasHelp(schema: JsonSchema, path: string): boolean {
    return this.helpText(schema, path) !== '';
  }

  /** Description plus the allowed range and, for a stored secret, how to keep it. */
  private helpText(schema: JsonSchema, path: string): string {
    const parts: string[] = [];
    if (typeof schema['description'] === 'string') parts.push(schema['description']);
    const min = schema['minimum'];
    const max = schema['maximum'];
    if (typeof min === 'number' && typeof max === 'number')
      parts.push(t('form.range', this.language, { min, max }));
    else if (typeof min === 'number') parts.push(t('form.at_least', this.language, { min }));
    else if (typeof max === 'number') parts.push(t('form.at_most', this.language, { max }));
    if (this.storedSecrets.has(path)) parts.push(t('plugins.secret_help', this.language));
    return parts.join(' ');
  }

  private describe(schema: JsonSchema, path: string) {
    const text = this.helpText(schema, path);
    return text === '' ? nothing : html`<p class="help" id="${fieldId(path)}-help">${text}</p>`;
  }

  private renderError(path: string) {
    const error = this.errors.get(path);
    if (error === undefined) return nothing;
    return html`<p
      class="field-error"
      id="${fieldId(path)}-error"
      data-testid="field-error-${path}"
    >
      ${error}
    </p>`;
  }

  private set(path: string, next: unknown): void {
    this.value = writePath(this.value, path, next);
    if (this.errors.has(path)) {
      const errors = new Map(this.errors);
      errors.delete(path);
      this.errors = errors;
    }
    this.dispatchEvent(new CustomEvent<ConfigObject>('value-change', { detail: this.value }));
  }
}

customElements.define('cen-schema-form', CenSchemaForm);
