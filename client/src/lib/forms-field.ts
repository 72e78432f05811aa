// One form field's markup: label, input with the shared limits as attributes, hint and the field's own
// error under it (aria-invalid, aria-describedby), so a screen reader reads the problem with the field.
import { css, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { FieldLimits } from '../../../server/auth/credential-limits.js';
import { FIELDS, type FieldName } from './forms-validation.js';

export interface FieldSpec {
  /** The API's name of the field (also the input's name); the id is `${idPrefix}${name}`. */
  name: FieldName;
  label: string;
  error?: string;
  hint?: string;
  type?: 'text' | 'password';
  autocomplete?: string;
  optional?: boolean;
  idPrefix?: string;
  /** The input's first value (a property binding: what the user types is kept across renders). */
  value?: string;
  onChange?: (e: Event) => void;
  placeholder?: string;
  labelClass?: string;
  inputClass?: string;
  /** Content after the hint (a live lookup result, for instance). */
  extra?: unknown;
}

export function renderField(f: FieldSpec) {
  const id = `${f.idPrefix ?? ''}${f.name}`;
  const limits: FieldLimits = FIELDS[f.name];
  const describedBy = [f.hint ? `${id}-hint` : '', f.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const text = f.name !== 'password';
  return html`<label class=${f.labelClass ?? nothing}
    >${f.label}
    <input
      id=${id}
      name=${f.name}
      class=${f.inputClass ?? nothing}
      type=${f.type ?? 'text'}
      autocomplete=${f.autocomplete ?? 'off'}
      autocapitalize=${text ? (f.name === 'code' ? 'characters' : 'none') : nothing}
      spellcheck=${text ? 'false' : nothing}
      ?required=${!f.optional}
      minlength=${limits.min}
      maxlength=${limits.max}
      pattern=${ifDefined(limits.pattern)}
      placeholder=${ifDefined(f.placeholder)}
      .value=${f.value ?? ''}
      @change=${f.onChange ?? nothing}
      aria-invalid=${f.error ? 'true' : 'false'}
      aria-describedby=${describedBy || nothing}
    />${f.hint ? html`<small class="hint" id="${id}-hint">${f.hint}</small>` : nothing}${f.extra ?? nothing}${
      f.error
        ? html`<small class="field-error" id="${id}-error" data-testid="field-error-${f.name}"
            >${f.error}</small
          >`
        : nothing
    }
  </label>`;
}

/** Focuses the first field marked invalid, so its error is read with it. */
export function focusFirstInvalid(root: ParentNode): void {
  root.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
}

export const fieldStyles = css`
  .field-error {
    display: block;
    color: var(--danger);
    font-size: 0.85rem;
    font-weight: 600;
  }
  .field-error::before {
    content: '⚠ ';
  }
  input[aria-invalid='true'] {
    border-color: var(--danger);
  }
`;
