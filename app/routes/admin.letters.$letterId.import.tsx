import { getFormProps, useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton, TextField } from '~/components/forms'
import { IMPORT_FIELDS, MAX_IMPORT_FILE_BYTES, signatureImportSchema } from '~/schemas/signature-import'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import {
  guessMapping,
  importSignatures,
  planSignatureImport,
  readImportHeader,
  type ColumnMapping,
  type ImportPlan,
} from '~/services/signature-import.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { pluralize } from '~/utils/format'
import { readUploadFormData } from '~/utils/request.server'
import adminRecordsStyles from '~/styles/admin-records.css'

type ActionResult = {
  step: 'upload' | 'map' | 'preview' | 'done'
  problem: string | null
  csv: string
  header: string[]
  guessed: ColumnMapping | null
  plan: ImportPlan | null
  imported: number | null
  approved: boolean
  invited: number
  lastResult: SubmissionResult<string[]> | null
}

const empty: ActionResult = {
  step: 'upload',
  problem: null,
  csv: '',
  header: [],
  guessed: null,
  plan: null,
  imported: null,
  approved: false,
  invited: 0,
  lastResult: null,
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'edit')
  const { formData, tooLarge } = await readUploadFormData(request, MAX_IMPORT_FILE_BYTES)
  if (tooLarge) {
    return data(
      { ...empty, problem: `The file is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB.` },
      { status: 413 },
    )
  }

  if (formData.get('intent') === 'upload') {
    const file = formData.get('file')
    if (!(file instanceof File) || file.size === 0) {
      return data({ ...empty, problem: 'Choose a CSV file to upload.' }, { status: 400 })
    }
    const csv = await file.text()
    const header = await readImportHeader(csv)
    if (!header || header.every((name) => name === '')) {
      return data(
        { ...empty, problem: 'The file’s first line must name its columns (a CSV file, comma-separated).' },
        { status: 400 },
      )
    }
    return data({ ...empty, step: 'map' as const, csv, header, guessed: guessMapping(header) })
  }

  const submission = parseWithZod(formData, { schema: signatureImportSchema })
  const csv = String(formData.get('csv') ?? '')
  const header = (csv && (await readImportHeader(csv))) || []
  if (submission.status !== 'success') {
    if (!csv || header.length === 0) {
      return data({ ...empty, problem: 'Upload the file again.' }, { status: 400 })
    }
    return data(
      { ...empty, step: 'map' as const, csv, header, lastResult: submission.reply() },
      { status: 400 },
    )
  }
  const { mapping: chosen, source, intent, invite } = submission.value
  const mapping = Object.fromEntries(
    IMPORT_FIELDS.map(({ key }) => {
      const index = chosen[key]
      return [key, index !== undefined && index < header.length ? index : null]
    }),
  ) as ColumnMapping
  const input = { csv, mapping, source, invite: Boolean(invite) }
  if (intent === 'preview') {
    const plan = await planSignatureImport(db, access, input)
    return data({ ...empty, step: 'preview' as const, csv, header, plan, lastResult: submission.reply() })
  }
  const outcome = await importSignatures(db, access, input, { appUrl: getEnv().APP_URL })
  if (outcome.plan.fileProblem) {
    return data(
      { ...empty, step: 'preview' as const, csv, header, plan: outcome.plan, lastResult: submission.reply() },
      { status: 400 },
    )
  }
  return data({
    ...empty,
    step: 'done' as const,
    plan: outcome.plan,
    imported: outcome.imported,
    approved: outcome.status === 'approved',
    invited: outcome.invited,
  })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireLetterAccessFor(request, params.letterId, 'edit')
  const { letter } = access
  return {
    letter: {
      id: letter.id,
      slug: letter.slug,
      title: letter.title,
      moderated: Boolean(letter.moderation_required),
      hasText: letter.current_version_id !== null,
    },
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminRecordsStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Import signatures · ${data?.letter.title ?? 'Letter'} · Undersigned admin` },
]

function PlanSummary({ plan }: { plan: ImportPlan }) {
  return (
    <section aria-labelledby="plan-heading" className="import-plan">
      <h3 id="plan-heading">What the import will do</h3>
      {plan.fileProblem ? (
        <p className="form-error" role="alert">
          Nothing can be imported: {plan.fileProblem}
        </p>
      ) : null}
      <ul>
        <li>
          <strong>{pluralize(plan.newCount, 'new signature', 'new signatures')}</strong> to import
        </li>
        <li>
          {pluralize(plan.duplicateInFileCount, 'row repeats', 'rows repeat')} an email address earlier in the
          file (skipped)
        </li>
        <li>
          {pluralize(plan.duplicateExistingCount, 'row has', 'rows have')} an email address that already
          signed this letter (skipped)
        </li>
        <li>{pluralize(plan.errorCount, 'row has', 'rows have')} errors (skipped)</li>
      </ul>
      {plan.errors.length ? (
        <>
          <h4>Rows with errors</h4>
          <ul className="import-errors">
            {plan.errors.map((error) => (
              <li key={error.line}>
                Line {error.line}: {error.message}
              </li>
            ))}
          </ul>
          {plan.errorCount > plan.errors.length ? (
            <p className="field__hint">And {plan.errorCount - plan.errors.length} more.</p>
          ) : null}
        </>
      ) : null}
      {plan.duplicates.length ? (
        <>
          <h4>Duplicates skipped</h4>
          <ul className="import-duplicates">
            {plan.duplicates.map((duplicate) => (
              <li key={duplicate.line}>
                Line {duplicate.line}: {duplicate.email}{' '}
                {duplicate.reason === 'in-file'
                  ? `(already on line ${duplicate.firstLine})`
                  : '(already signed this letter)'}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

function ColumnSelect({
  field,
  label,
  header,
  required,
  defaultIndex,
}: {
  field: FieldMetadata<number | undefined>
  label: string
  header: string[]
  required: boolean
  defaultIndex: number | null | undefined
}) {
  const errorId = `${field.id}-error`
  return (
    <div className="field">
      <label htmlFor={field.id}>
        {label}
        {required ? null : <span className="field__optional"> (optional)</span>}
      </label>
      <select
        id={field.id}
        name={field.name}
        defaultValue={field.initialValue ?? (defaultIndex == null ? '' : String(defaultIndex))}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={field.errors?.length ? errorId : undefined}
        aria-required={required ? true : undefined}
      >
        <option value="">{required ? 'Choose a column' : 'Not in the file'}</option>
        {header.map((name, index) => (
          <option key={index} value={index}>
            {name || `Column ${index + 1}`}
          </option>
        ))}
      </select>
      <ErrorList id={errorId} errors={field.errors} />
    </div>
  )
}

function MappingForm({ result, pending }: { result: ActionResult; pending: boolean }) {
  const [form, fields] = useForm({
    lastResult: result.lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signatureImportSchema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const mapping = fields.mapping.getFieldset()
  const canImport =
    result.step === 'preview' && result.plan && !result.plan.fileProblem && result.plan.newCount > 0
  return (
    <Form method="post" {...getFormProps(form)} className="import-form stack">
      <input type="hidden" name="csv" value={result.csv} />
      <ErrorList id={form.errorId} errors={form.errors} />
      <TextField
        field={fields.source}
        label="Where were these signatures gathered?"
        hint="Shown next to each imported name: “imported from … on …”. For example: Change.org petition."
      />
      <fieldset className="choice-group">
        <legend>Which column holds each field?</legend>
        {IMPORT_FIELDS.map(({ key, label, required }) => (
          <ColumnSelect
            key={key}
            field={mapping[key]}
            label={label}
            header={result.header}
            required={required}
            defaultIndex={result.guessed?.[key]}
          />
        ))}
      </fieldset>
      <div className="field">
        <label className="choice">
          <input
            type="checkbox"
            id={fields.invite.id}
            name={fields.invite.name}
            defaultChecked={fields.invite.initialValue === 'on'}
            aria-describedby={`${fields.invite.id}-hint`}
          />
          <span>Email each imported signer and ask them to confirm here</span>
        </label>
        <p className="field__hint" id={`${fields.invite.id}-hint`}>
          Their names are listed only once they confirm, with the link in the email (valid 14 days). Leave
          this off to take the source’s word that the addresses were confirmed there.
        </p>
      </div>
      {result.step === 'preview' && result.plan ? <PlanSummary plan={result.plan} /> : null}
      <div className="button-row">
        <SubmitButton
          pending={pending}
          pendingLabel="Checking…"
          name="intent"
          value="preview"
          className={canImport ? 'button button--secondary' : 'button button--primary'}
        >
          {result.step === 'preview' ? 'Check again (dry run)' : 'Check the file (dry run)'}
        </SubmitButton>
        {canImport ? (
          <SubmitButton pending={pending} pendingLabel="Importing…" name="intent" value="import">
            Import {pluralize(result.plan!.newCount, 'signature', 'signatures')}
          </SubmitButton>
        ) : null}
      </div>
    </Form>
  )
}

export default function ImportSignatures() {
  const { letter } = useLoaderData<typeof loader>()
  const result = (useActionData<typeof action>() as ActionResult | undefined) ?? empty
  const navigation = useNavigation()
  const pending = navigation.state !== 'idle'
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">Import signatures gathered elsewhere</h2>
      <p className="field__hint">
        A CSV file from another petition site, with a header line. You choose which column holds what, see a
        dry run, then import. Rows whose email address already signed, or appears twice, are skipped. Imported
        signatures show “imported from … on …” in public{' '}
        {letter.moderated
          ? 'and wait in the moderation queue like any confirmed signature.'
          : 'and are listed at once (this letter is not moderated).'}
      </p>
      {result.problem ? (
        <p className="form-error" role="alert">
          {result.problem}
        </p>
      ) : null}
      {result.step === 'done' ? (
        <div className="notice" role="status">
          <p>
            Imported {pluralize(result.imported ?? 0, 'signature', 'signatures')}
            {result.invited
              ? `; ${pluralize(result.invited, 'invitation', 'invitations')} to confirm queued. Each name is listed once its signer confirms.`
              : result.approved
                ? ', listed on the public page.'
                : ', waiting in the moderation queue.'}
            {result.plan && result.plan.rows - (result.imported ?? 0) > 0
              ? ` ${pluralize(result.plan.rows - (result.imported ?? 0), 'row was', 'rows were')} skipped.`
              : ''}
          </p>
          <p>
            {result.approved && !result.invited ? (
              <Link to={`/letters/${letter.slug}#signatories`}>See the public list</Link>
            ) : (
              <Link to={`/admin/letters/${letter.id}/queue`}>Open the moderation queue</Link>
            )}{' '}
            ·{' '}
            <Link to={`/admin/letters/${letter.id}/import`} reloadDocument>
              Import another file
            </Link>
          </p>
        </div>
      ) : result.step === 'map' || result.step === 'preview' ? (
        <MappingForm key={result.csv.length} result={result} pending={pending} />
      ) : !letter.hasText ? (
        <p className="notice">Write the letter’s text before importing signatures.</p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="import-form stack">
          <input type="hidden" name="intent" value="upload" />
          <div className="field">
            <label htmlFor="import-file">CSV file</label>
            <p className="field__hint" id="import-file-hint">
              UTF-8, comma-separated, up to {MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB, first line naming the
              columns.
            </p>
            <input
              id="import-file"
              type="file"
              name="file"
              accept=".csv,text/csv"
              required
              aria-describedby="import-file-hint"
            />
          </div>
          <SubmitButton pending={pending} pendingLabel="Reading…">
            Upload and map the columns
          </SubmitButton>
        </Form>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
