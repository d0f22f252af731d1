import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton, TextField } from '~/components/forms'
import { createRosterSchema, importRosterSchema } from '~/schemas/licence-roster'
import { requireLetterAccessFor, requirePermission } from '~/services/letter-access.server'
import {
  lastRecheckSummary,
  recheckLetterLicences,
  type RecheckSummary,
} from '~/services/licence-recheck.server'
import { configuredRegistries } from '~/services/registries/configured-registries.server'
import { registriesForLetter } from '~/services/registry-verification.server'
import {
  createRoster,
  importRoster,
  listRosters,
  MAX_ROSTER_FILE_BYTES,
  type ImportReport,
} from '~/services/roster-import.server'
import { getDb } from '~/utils/db.server'
import { readUploadFormData } from '~/utils/request.server'
import { getEnv } from '~/utils/env.server'
import { pluralize } from '~/utils/format'
import { formatDateTime } from '~/utils/time'
import adminRecordsStyles from '~/styles/admin-records.css'

/** "Checked 12 licences: 2 newly verified, 1 flagged (it lost its verification), 3 flags cleared." */
function describeRecheck(summary: RecheckSummary): string {
  const { checked, verified, flagged, downgraded, cleared, unavailable } = summary
  if (checked === 0) {
    return 'No licence number could be checked: no roster or registry of this letter applies to them.'
  }
  const parts = [
    verified ? `${pluralize(verified, 'newly verified', 'newly verified')}` : null,
    flagged
      ? `${pluralize(flagged, 'flagged', 'flagged')}${
          downgraded ? ` (${pluralize(downgraded, 'lost its', 'lost their')} verification)` : ''
        }`
      : null,
    cleared ? `${pluralize(cleared, 'flag', 'flags')} cleared` : null,
    unavailable
      ? `${pluralize(unavailable, 'could', 'could')} not be checked (a registry did not answer)`
      : null,
  ].filter(Boolean)
  return `Checked ${pluralize(checked, 'licence', 'licences')}: ${parts.length ? parts.join(', ') : 'nothing changed'}.`
}

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  // Moderators may recheck; only organizers add or import rosters (checked below, per intent).
  const access = await requireLetterAccessFor(request, params.letterId, 'moderate')
  const { formData, tooLarge } = await readUploadFormData(request, MAX_ROSTER_FILE_BYTES)

  if (formData.get('intent') === 'recheck') {
    const summary = await recheckLetterLicences(db, access, configuredRegistries(getEnv()))
    return data({
      intent: 'recheck' as const,
      result: null,
      report: null,
      rosterName: null,
      notice: describeRecheck(summary),
      problem: null,
    })
  }
  requirePermission(access, 'edit', 'Only organizers manage this letter’s licence rosters.')

  if (tooLarge) {
    return data(
      {
        intent: 'import' as const,
        result: null,
        report: null as ImportReport | null,
        rosterName: null as string | null,
        notice: null as string | null,
        problem: `The file is larger than ${MAX_ROSTER_FILE_BYTES / 1024 / 1024} MB.` as string | null,
      },
      { status: 413 },
    )
  }

  if (formData.get('intent') === 'import') {
    const submission = parseWithZod(formData, { schema: importRosterSchema })
    const file = formData.get('file')
    if (submission.status !== 'success' || !(file instanceof File) || file.size === 0) {
      return data(
        {
          intent: 'import' as const,
          result: null,
          report: null,
          rosterName: null,
          notice: null,
          problem: 'Choose a roster and a CSV file to import.',
        },
        { status: 400 },
      )
    }
    const rosters = await listRosters(db, access)
    const roster = rosters.find((entry) => entry.id === submission.value.rosterId)
    if (!roster) {
      return data(
        {
          intent: 'import' as const,
          result: null,
          report: null,
          rosterName: null,
          notice: null,
          problem: 'That roster is no longer on this letter.',
        },
        { status: 404 },
      )
    }
    const report = await importRoster(db, access, roster.id, file.stream())
    return data(
      {
        intent: 'import' as const,
        result: null,
        report,
        rosterName: roster.name,
        notice: report.imported
          ? `Imported ${report.rows.toLocaleString('en-US')} entries into ${roster.name}; they replace the previous import.`
          : null,
        problem: report.imported ? null : `Nothing was imported: fix the file and upload it again.`,
      },
      { status: report.imported ? 200 : 400 },
    )
  }

  const submission = parseWithZod(formData, { schema: createRosterSchema })
  if (submission.status !== 'success') {
    return data(
      {
        intent: 'create' as const,
        result: submission.reply(),
        report: null,
        rosterName: null,
        notice: null,
        problem: null,
      },
      { status: 400 },
    )
  }
  const outcome = await createRoster(db, access, submission.value)
  if (outcome.kind === 'duplicate') {
    return data(
      {
        intent: 'create' as const,
        result: submission.reply({
          fieldErrors: { name: [`This letter already has a roster named ${submission.value.name}.`] },
        }),
        report: null,
        rosterName: null,
        notice: null,
        problem: null,
      },
      { status: 400 },
    )
  }
  return data({
    intent: 'create' as const,
    result: submission.reply({ resetForm: true }),
    report: null,
    rosterName: null,
    notice: `Created the roster ${outcome.roster.name}. Import its CSV file below.`,
    problem: null,
  })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'moderate')
  const rosters = await listRosters(db, access)
  const summary = lastRecheckSummary(access.letter)
  return {
    letterTitle: access.letter.title,
    canEdit: access.can('edit'),
    registries: registriesForLetter(access.letter, configuredRegistries(getEnv())).map(
      (registry) => registry.label,
    ),
    lastRecheck: access.letter.rechecked_at
      ? { at: access.letter.rechecked_at, summary: summary ? describeRecheck(summary) : null }
      : null,
    maxFileMegabytes: MAX_ROSTER_FILE_BYTES / 1024 / 1024,
    rosters: rosters.map((roster) => ({
      id: roster.id,
      name: roster.name,
      jurisdiction: roster.jurisdiction,
      numberPattern: roster.number_pattern,
      importedAt: roster.imported_at,
      rowCount: roster.row_count,
    })),
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminRecordsStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Rosters · ${data?.letterTitle ?? 'Letter'} · Undersigned admin` },
]

export default function LetterRosters() {
  const { rosters, maxFileMegabytes, canEdit, registries, lastRecheck } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const pendingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null

  const [form, fields] = useForm({
    id: 'create-roster',
    lastResult: actionData?.intent === 'create' ? actionData.result : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createRosterSchema }),
  })
  const report = actionData?.report

  return (
    <section aria-labelledby="rosters-heading">
      <h2 id="rosters-heading">Licence rosters</h2>
      <p className="muted">
        Rosters from licensing bodies, imported as CSV files with the columns licence_number, full_name,
        status, jurisdiction and (optionally) admitted_on. A file with any bad row imports nothing; a good one
        replaces the roster’s previous import.
      </p>
      {actionData?.notice ? (
        <div className="notice" role="status">
          <p>{actionData.notice}</p>
        </div>
      ) : null}
      <ErrorList errors={actionData?.problem ? [actionData.problem] : null} announce />
      {report && !report.imported && report.errors.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption>
              {report.errorCount.toLocaleString('en-US')} problem{report.errorCount === 1 ? '' : 's'} in{' '}
              {report.rows.toLocaleString('en-US')} rows
              {report.errorCount > report.errors.length ? ` (the first ${report.errors.length} shown)` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.map((error, index) => (
                <tr key={index}>
                  <th scope="row">{error.line}</th>
                  <td>{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {rosters.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">This letter’s licence rosters</caption>
            <thead>
              <tr>
                <th scope="col">Roster</th>
                <th scope="col">Jurisdiction</th>
                <th scope="col">Number pattern</th>
                <th scope="col">Entries</th>
                <th scope="col">Imported</th>
              </tr>
            </thead>
            <tbody>
              {rosters.map((roster) => (
                <tr key={roster.id}>
                  <th scope="row">{roster.name}</th>
                  <td>{roster.jurisdiction}</td>
                  <td>
                    <code>{roster.numberPattern}</code>
                  </td>
                  <td>{roster.rowCount.toLocaleString('en-US')}</td>
                  <td>{roster.importedAt ? roster.importedAt.slice(0, 16).replace('T', ' ') : 'never'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="notice">No rosters yet.</p>
      )}

      <Form method="post" className="panel stack" aria-labelledby="recheck-heading">
        <h3 id="recheck-heading">Recheck licences</h3>
        <p>
          Runs the checks against the rosters
          {registries.length ? ` and the ${registries.join(', ')}` : ''} again for every confirmed or approved
          signature with a licence number, before delivery say. A new match is verified; a licence no longer
          active, no longer matching or gone is flagged for moderators and loses its verification; a flag
          whose problem is gone is cleared.
        </p>
        <p className="muted" id="recheck-last">
          {lastRecheck ? (
            <>
              Last rechecked <time dateTime={lastRecheck.at}>{formatDateTime(lastRecheck.at)}</time>
              {lastRecheck.summary ? `: ${lastRecheck.summary}` : '.'}
            </>
          ) : (
            'Not rechecked yet.'
          )}
        </p>
        <SubmitButton
          pending={pendingIntent === 'recheck'}
          pendingLabel="Rechecking…"
          name="intent"
          value="recheck"
          aria-describedby="recheck-last"
        >
          Recheck licences
        </SubmitButton>
      </Form>

      {canEdit && rosters.length ? (
        <Form method="post" encType="multipart/form-data" className="panel stack">
          <h3>Import a CSV file</h3>
          <div className="field">
            <label htmlFor="import-roster">Roster</label>
            <select id="import-roster" name="rosterId" required>
              {rosters.map((roster) => (
                <option key={roster.id} value={roster.id}>
                  {roster.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="import-file">CSV file</label>
            <p id="import-file-hint" className="field__hint">
              At most {maxFileMegabytes} MB, with a header line.
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
          <SubmitButton
            pending={pendingIntent === 'import'}
            pendingLabel="Importing…"
            name="intent"
            value="import"
          >
            Import
          </SubmitButton>
        </Form>
      ) : null}

      {canEdit ? (
        <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
          <h3>Add a roster</h3>
          <ErrorList id={form.errorId} errors={form.errors} announce />
          <TextField
            label="Licensing body"
            field={fields.name}
            hint="Like State Bar of California"
            autoComplete="off"
          />
          <TextField
            label="Jurisdiction"
            field={fields.jurisdiction}
            hint="Like California"
            autoComplete="off"
          />
          <TextField
            label="Licence number pattern"
            field={fields.numberPattern}
            hint="A regular expression for the whole number, like ^\d{1,6}$ (1 to 6 digits)"
            autoComplete="off"
          />
          <SubmitButton
            pending={pendingIntent === 'create'}
            pendingLabel="Adding…"
            name="intent"
            value="create"
          >
            Add the roster
          </SubmitButton>
        </Form>
      ) : null}
    </section>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        403: ({ message }) => (
          <>
            <h1>Only organizers manage the rosters</h1>
            <p>{message} An organizer of this letter can import licence rosters.</p>
          </>
        ),
      }}
    />
  )
}
