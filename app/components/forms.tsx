import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from '@conform-to/react'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'

/** Field errors are tied to their input by aria-describedby; form-level ones are announced. */
export function ErrorList({
  id,
  errors,
  announce = false,
}: {
  id?: string
  errors?: string[] | null
  announce?: boolean
}) {
  const shown = errors?.filter(Boolean)
  if (!shown?.length) return null
  return (
    <ul id={id} className="field-errors" role={announce ? 'alert' : undefined}>
      {shown.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  )
}

type FieldProps = {
  label: string
  field: FieldMetadata<string | null | undefined>
  hint?: ReactNode
  optional?: boolean
}

function describedBy(field: FieldMetadata<unknown>, hint: unknown) {
  return (
    [hint ? field.descriptionId : null, field.errors?.length ? field.errorId : null]
      .filter(Boolean)
      .join(' ') || undefined
  )
}

function FieldFrame({ label, field, hint, optional, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className={`field${field.errors?.length ? ' field--invalid' : ''}`}>
      <label htmlFor={field.id}>
        {label}
        {optional ? <span className="field__optional"> (optional)</span> : null}
      </label>
      {hint ? (
        <p id={field.descriptionId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {children}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  )
}

export function TextField({
  type = 'text',
  autoComplete,
  inputMode,
  ...props
}: FieldProps & {
  type?: 'text' | 'email'
  autoComplete?: string
  inputMode?: 'numeric' | 'text' | 'email'
}) {
  const { field, hint, optional } = props
  return (
    <FieldFrame {...props}>
      <input
        {...getInputProps(field, { type, ariaAttributes: false })}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy(field, hint)}
        aria-required={optional ? undefined : true}
        autoComplete={autoComplete}
        inputMode={inputMode}
      />
    </FieldFrame>
  )
}

export function TextareaField(props: FieldProps & { rows?: number }) {
  const { field, hint, optional } = props
  return (
    <FieldFrame {...props}>
      <textarea
        {...getTextareaProps(field, { ariaAttributes: false })}
        rows={props.rows ?? 3}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy(field, hint)}
        aria-required={optional ? undefined : true}
      />
    </FieldFrame>
  )
}

/** A choice among a few fixed options, with a placeholder that is never a valid answer. */
export function SelectField({
  options,
  placeholder,
  autoComplete,
  ...props
}: FieldProps & { options: readonly string[]; placeholder: string; autoComplete?: string }) {
  const { field, hint, optional } = props
  return (
    <FieldFrame {...props}>
      <select
        {...getSelectProps(field, { ariaAttributes: false })}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy(field, hint)}
        aria-required={optional ? undefined : true}
        autoComplete={autoComplete}
      >
        <option value="">{placeholder}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </FieldFrame>
  )
}

/** Bots fill every field; people never see this one. Its name is deliberately tempting. */
export function HoneypotField() {
  return (
    <div className="visually-hidden" aria-hidden="true">
      <label htmlFor="website-field">Leave this field empty</label>
      <input id="website-field" type="text" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  )
}

export const HONEYPOT_FIELD = 'website'

/**
 * A submit button that stays focusable while its form is pending (a disabled button would drop
 * keyboard focus to the page) and ignores further presses until the answer comes.
 */
export function SubmitButton({
  pending,
  pendingLabel,
  children,
  className = 'button button--primary',
  name,
  value,
}: {
  pending: boolean
  pendingLabel: string
  children: ReactNode
  className?: string
  name?: string
  value?: string
}) {
  return (
    <button
      type="submit"
      className={className}
      name={name}
      value={value}
      aria-disabled={pending || undefined}
      onClick={(event) => {
        if (pending) event.preventDefault()
      }}
    >
      {pending ? pendingLabel : children}
    </button>
  )
}

/**
 * A one-button form for one row of a list ("Remove", "Delete"): posts the row's id under `idName`
 * and the intent. `label` names the row for screen readers, since every row's button says the same.
 */
export function RowActionForm({
  idName,
  id,
  intent,
  label,
  children,
}: {
  idName: string
  id: number
  intent: string
  label: string
  children: ReactNode
}) {
  return (
    <Form method="post" className="row-form">
      <input type="hidden" name={idName} value={id} />
      <button type="submit" name="intent" value={intent} className="link-button" aria-label={label}>
        {children}
      </button>
    </Form>
  )
}
