import {
  getFormProps,
  getInputProps,
  useForm,
  type FieldMetadata,
  type Submission,
  type SubmissionResult,
} from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { Form, useFetcher, useNavigation } from '@remix-run/react'
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { z } from 'zod'
import { ErrorList, SubmitButton, TextareaField, TextField } from '~/components/forms'
import { letterPreviewSchema, letterSchema, type LetterInput } from '~/schemas/letter'
import { suggestSlug } from '~/utils/slug'

export const MARKDOWN_PREVIEW_ACTION = '/admin/markdown-preview'
const PREVIEW_DELAY_MS = 350

type LetterFormShape = z.input<typeof letterSchema>

export type LetterFormDefaults = {
  title: string
  slug: string
  recipient: string
  organizersLine: string
  bodyMarkdown: string
  moderationRequired: boolean
  notifyOnApprove: boolean
  notifyOnReject: boolean
  /** `YYYY-MM-DDTHH:MM` in UTC, or empty. */
  closesAt: string
}

type PreviewAnswer = { html: string | null; error: string | null }

/**
 * The letter's fields, its Markdown with a preview beside it, and the settings. Used to create
 * and to edit. Without JavaScript, "Preview" posts the form and the page comes back with the
 * preview and everything typed; with it, the preview follows the typing.
 */
export function LetterForm({
  id,
  lastResult,
  defaultValue,
  previewHtml,
  submitLabel,
  pendingLabel,
  suggestSlugFromTitle = false,
  hiddenFields,
  bodyHint,
  slugHint,
}: {
  id: string
  lastResult?: SubmissionResult<string[]> | null
  defaultValue: LetterFormDefaults
  previewHtml: string
  submitLabel: string
  pendingLabel: string
  suggestSlugFromTitle?: boolean
  hiddenFields?: ReactNode
  bodyHint?: ReactNode
  slugHint?: ReactNode
}) {
  const navigation = useNavigation()
  const saving = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'save'
  const [form, fields] = useForm<LetterFormShape, LetterInput>({
    id,
    lastResult,
    defaultValue,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData, submitter }) =>
      submitter?.getAttribute('value') === 'preview'
        ? // "Preview" checks nothing, so a half-written letter can be previewed.
          (parseWithZod(formData, { schema: letterPreviewSchema }) as unknown as Submission<
            LetterFormShape,
            string[],
            LetterInput
          >)
        : parseWithZod(formData, { schema: letterSchema }),
  })

  const preview = useLivePreview(previewHtml)
  const slugEdited = useRef(false)

  function onInput(event: FormEvent<HTMLFormElement>) {
    const target = event.target as HTMLInputElement | HTMLTextAreaElement
    if (target.name === fields.bodyMarkdown.name) preview.schedule(target.value)
    if (target.name === fields.slug.name) slugEdited.current = target.value !== ''
    if (suggestSlugFromTitle && target.name === fields.title.name && !slugEdited.current) {
      form.update({ name: fields.slug.name, value: suggestSlug(target.value) })
    }
  }

  return (
    <Form method="post" {...getFormProps(form)} noValidate className="letter-form" onInput={onInput}>
      {hiddenFields}
      <ErrorList id={form.errorId} errors={form.errors} announce />
      <div className="letter-form__fields">
        <TextField label="Title" field={fields.title} />
        <TextField
          label="Web address"
          field={fields.slug}
          hint={
            slugHint ??
            'Lower-case letters, digits and hyphens. The letter’s address is /letters/ followed by this.'
          }
        />
        <TextField
          label="Addressed to"
          field={fields.recipient}
          hint="For example: To the members of the State Legislature"
        />
        <TextField
          label="Organizers’ line"
          field={fields.organizersLine}
          hint="Shown under the title. For example: Organized by the Coalition of Public Defenders"
        />
      </div>

      <div className="editor-pane">
        <div className="editor-pane__source">
          <TextareaField
            label="Text of the letter"
            field={fields.bodyMarkdown}
            rows={20}
            hint={
              bodyHint ?? (
                <>
                  Markdown: <code>**bold**</code>, <code>*italic*</code>, <code>## Heading</code>,{' '}
                  <code>- list item</code>, <code>[link](https://…)</code>. A blank line starts a new
                  paragraph.
                </>
              )
            }
          />
        </div>
        <section className="editor-pane__preview" aria-labelledby={`${id}-preview-heading`}>
          <h2 id={`${id}-preview-heading`} className="editor-pane__heading">
            Preview
            {preview.pending ? <span className="editor-pane__status"> updating…</span> : null}
          </h2>
          {preview.error ? <p className="field-errors">{preview.error}</p> : null}
          <div className="prose editor-pane__prose" dangerouslySetInnerHTML={{ __html: preview.html }} />
        </section>
      </div>

      <fieldset className="field choice-group">
        <legend>Signatures</legend>
        <Checkbox field={fields.moderationRequired}>
          <strong>Review each signature</strong> before it is listed and counted
        </Checkbox>
        <Checkbox field={fields.notifyOnApprove}>
          <strong>Email signers when their signature is approved</strong>
        </Checkbox>
        <Checkbox field={fields.notifyOnReject}>
          <strong>Email signers when their signature is rejected</strong>
        </Checkbox>
      </fieldset>

      <DateTimeField
        label="Stop taking signatures at"
        field={fields.closesAt}
        hint="Date and time in UTC. Leave empty to keep the letter open until you close it."
      />

      <div className="editor-actions">
        <SubmitButton pending={saving} pendingLabel={pendingLabel} name="intent" value="save">
          {submitLabel}
        </SubmitButton>
        <button type="submit" name="intent" value="preview" className="button button--secondary">
          Preview
        </button>
      </div>
    </Form>
  )
}

/** Debounced rendering through the preview resource route; the page's own preview until then. */
export function useLivePreview(initialHtml: string) {
  const fetcher = useFetcher<PreviewAnswer>()
  const [html, setHtml] = useState(initialHtml)
  const [error, setError] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>()

  useEffect(() => setHtml(initialHtml), [initialHtml])
  useEffect(() => {
    if (!fetcher.data) return
    setError(fetcher.data.error)
    if (fetcher.data.html !== null) setHtml(fetcher.data.html)
  }, [fetcher.data])
  useEffect(() => () => clearTimeout(timer.current), [])

  return {
    html,
    error,
    pending: fetcher.state !== 'idle',
    schedule(markdown: string) {
      clearTimeout(timer.current)
      timer.current = setTimeout(() => {
        fetcher.submit({ bodyMarkdown: markdown }, { method: 'post', action: MARKDOWN_PREVIEW_ACTION })
      }, PREVIEW_DELAY_MS)
    },
  }
}

function Checkbox({ field, children }: { field: FieldMetadata<boolean | undefined>; children: ReactNode }) {
  return (
    <label className="choice">
      <input {...getInputProps(field, { type: 'checkbox', ariaAttributes: false })} />
      <span>{children}</span>
    </label>
  )
}

function DateTimeField({
  label,
  field,
  hint,
}: {
  label: string
  field: FieldMetadata<string | null | undefined>
  hint: string
}) {
  const invalid = Boolean(field.errors?.length)
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`}>
      <label htmlFor={field.id}>
        {label}
        <span className="field__optional"> (optional)</span>
      </label>
      <p id={field.descriptionId} className="field__hint">
        {hint}
      </p>
      <input
        {...getInputProps(field, { type: 'datetime-local', ariaAttributes: false })}
        className="datetime-input"
        aria-invalid={invalid || undefined}
        aria-describedby={[field.descriptionId, invalid ? field.errorId : null].filter(Boolean).join(' ')}
      />
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  )
}
