import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton, TextField } from '~/components/forms'
import { getSignatureById } from '~/models/signature.server'
import {
  eraseSignerDataSchema,
  findSignerSchema,
  RETENTION_MAX_DAYS,
  retentionSchema,
} from '~/schemas/signer-data'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { signerDataFor, type SignerSummary } from '~/services/signer-data.server'
import { parseIdCursor } from '~/utils/cursor'
import { getDb } from '~/utils/db.server'
import { readFormData } from '~/utils/request.server'
import { formatDateTime, formatLongDate } from '~/utils/time'
import adminRecordsStyles from '~/styles/admin-records.css'

const noSigner = { signer: null, email: null, notice: null }

const NOT_FOUND =
  'No signature of this letter uses this address. Check the spelling; an address that was erased cannot be found any more.'

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'manage-signer-data')
  const signerData = signerDataFor(db, access)
  const formData = await readFormData(request)
  const intent = formData.get('intent')

  if (intent === 'retention') {
    const submission = parseWithZod(formData, { schema: retentionSchema })
    if (submission.status !== 'success') {
      return data({ intent: 'retention' as const, result: submission.reply(), ...noSigner }, { status: 400 })
    }
    const days = submission.value.retentionDays
    const changed = await signerData.setRetention(days)
    const setting =
      days === null
        ? 'Signers’ addresses are kept.'
        : `Signers’ addresses are erased ${days} days after the letter closes.`
    return data({
      intent: 'retention' as const,
      result: submission.reply(),
      ...noSigner,
      notice: changed ? setting : `Nothing changed: ${setting.charAt(0).toLowerCase()}${setting.slice(1)}`,
    })
  }

  if (intent === 'erase') {
    const submission = parseWithZod(formData, { schema: eraseSignerDataSchema })
    // The signer's panel stays on screen with the error, so the confirmation can be typed again.
    const typed = formData.get('email')
    const email = typeof typed === 'string' ? typed.trim() : ''
    if (submission.status !== 'success') {
      const signer = email ? await signerData.find(email) : null
      return data(
        {
          intent: 'erase' as const,
          result: submission.reply(),
          signer,
          email: signer ? email : null,
          notice: null,
        },
        { status: 400 },
      )
    }
    const outcome = await signerData.erase(submission.value.email)
    if (outcome.kind === 'not-found') {
      return data(
        {
          intent: 'find' as const,
          result: submission.reply({ fieldErrors: { email: [NOT_FOUND] } }),
          ...noSigner,
        },
        { status: 404 },
      )
    }
    return redirect(`/admin/letters/${access.letter.id}/signer-data?erased=${outcome.signatureId}`)
  }

  const submission = parseWithZod(formData, { schema: findSignerSchema })
  if (submission.status !== 'success') {
    return data({ intent: 'find' as const, result: submission.reply(), ...noSigner }, { status: 400 })
  }
  const signer = await signerData.find(submission.value.email)
  if (!signer) {
    return data(
      {
        intent: 'find' as const,
        result: submission.reply({ fieldErrors: { email: [NOT_FOUND] } }),
        ...noSigner,
      },
      { status: 404 },
    )
  }
  return data({
    intent: 'find' as const,
    result: submission.reply(),
    signer,
    email: submission.value.email,
    notice: null,
  })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'manage-signer-data')
  const url = new URL(request.url)
  const retention = await signerDataFor(db, access).retention()
  // After an erasure (a redirect, so a reload does not post again): whose, by the public record.
  const erasedId = parseIdCursor(url.searchParams.get('erased'))
  const erased = erasedId === undefined ? null : await getSignatureById(db, erasedId)
  return {
    letterId: access.letter.id,
    letterTitle: access.letter.title,
    retention: {
      ...retention,
      closedOn: retention.closedAt ? formatLongDate(retention.closedAt) : null,
      eraseOn: retention.eraseFrom ? formatLongDate(retention.eraseFrom) : null,
      eraseDue: retention.eraseFrom !== null && retention.eraseFrom <= new Date().toISOString(),
    },
    erasedNotice:
      erased && erased.letter_id === access.letter.id && erased.erased_at
        ? `Erased the email address, network address, comment, links and email copies of signature #${erased.id} (${erased.name}). The public record stays as it was.`
        : null,
    exportMissing: url.searchParams.get('export') === 'not-found',
  }
}

// The page shows an address someone typed and what is stored about its owner: keep no copy.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminRecordsStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Signer data · ${data?.letterTitle ?? 'Letter'} · Undersigned admin` },
]

const statusLabels: Record<SignerSummary['status'], string> = {
  unconfirmed: 'unconfirmed (the email was never confirmed)',
  confirmed: 'confirmed, awaiting review',
  approved: 'approved',
  rejected: 'declined',
  withdrawn: 'withdrawn by the signer',
}

export default function SignerData() {
  const { letterId, retention, erasedNotice, exportMissing } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const pendingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const signer = actionData?.signer ?? null
  const signerEmail = actionData?.email ?? ''

  const [findForm, findFields] = useForm({
    id: 'find-signer',
    lastResult: actionData?.intent === 'find' ? actionData.result : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: findSignerSchema }),
  })
  const [retentionForm, retentionFields] = useForm({
    id: 'retention',
    lastResult: actionData?.intent === 'retention' ? actionData.result : undefined,
    defaultValue: { retentionDays: retention.days === null ? '' : String(retention.days) },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: retentionSchema }),
  })

  return (
    <section aria-labelledby="signer-data-heading">
      <h2 id="signer-data-heading">Signer data</h2>
      <p className="muted">
        When a signer asks what this site holds about them, or asks for it to be erased, find their signature
        by the exact address they signed with. Only owners of this site see this page; see{' '}
        <code>docs/privacy.md</code> for what is stored and for how long.
      </p>
      {erasedNotice || actionData?.notice ? (
        <div className="notice" role="status">
          <p>{erasedNotice ?? actionData?.notice}</p>
        </div>
      ) : null}
      {exportMissing ? (
        <p className="notice" role="alert">
          {NOT_FOUND}
        </p>
      ) : null}

      <Form method="post" {...getFormProps(findForm)} noValidate className="panel stack">
        <h3>Find a signer</h3>
        <ErrorList id={findForm.errorId} errors={findForm.errors} announce />
        <TextField
          label="Their email address"
          field={findFields.email}
          type="email"
          autoComplete="off"
          hint="The whole address, as they signed with it."
        />
        <SubmitButton pending={pendingIntent === 'find'} pendingLabel="Looking…" name="intent" value="find">
          Find the signature
        </SubmitButton>
      </Form>

      {signer ? (
        <SignerPanel
          key={`${signer.signatureId}-${actionData?.intent}`}
          letterId={letterId}
          signer={signer}
          email={signerEmail}
          eraseResult={actionData?.intent === 'erase' ? actionData.result : undefined}
          erasing={pendingIntent === 'erase'}
        />
      ) : null}

      <Form method="post" {...getFormProps(retentionForm)} noValidate className="panel stack">
        <h3>Retention</h3>
        <p>
          Some days after the letter closes, every signer’s email address, network address and comment can be
          erased, as an erasure on request would. Names, professions, organizations, places and how each
          signature was verified stay: the count and the public list do not change.
        </p>
        <RetentionStatus retention={retention} />
        <ErrorList id={retentionForm.errorId} errors={retentionForm.errors} announce />
        <div className={`field${retentionFields.retentionDays.errors?.length ? ' field--invalid' : ''}`}>
          <label htmlFor={retentionFields.retentionDays.id}>Days after closing</label>
          <p id={retentionFields.retentionDays.descriptionId} className="field__hint">
            From 1 to {RETENTION_MAX_DAYS}. Leave it empty to keep addresses.
          </p>
          <input
            {...getInputProps(retentionFields.retentionDays, { type: 'text', ariaAttributes: false })}
            inputMode="numeric"
            autoComplete="off"
            size={6}
            aria-invalid={retentionFields.retentionDays.errors?.length ? true : undefined}
            aria-describedby={
              retentionFields.retentionDays.errors?.length
                ? `${retentionFields.retentionDays.descriptionId} ${retentionFields.retentionDays.errorId}`
                : retentionFields.retentionDays.descriptionId
            }
          />
          <ErrorList
            id={retentionFields.retentionDays.errorId}
            errors={retentionFields.retentionDays.errors}
          />
        </div>
        <SubmitButton
          pending={pendingIntent === 'retention'}
          pendingLabel="Saving…"
          name="intent"
          value="retention"
          className="button button--secondary"
        >
          Save the retention setting
        </SubmitButton>
      </Form>
    </section>
  )
}

type RetentionInfo = Awaited<ReturnType<typeof loader>>['retention']

function RetentionStatus({ retention }: { retention: RetentionInfo }) {
  const still = `${retention.unerased} signature${retention.unerased === 1 ? '' : 's'} still hold${retention.unerased === 1 ? 's' : ''} an email address.`
  if (retention.days === null)
    return <p className="muted">Addresses are kept: there is no retention setting. {still}</p>
  if (!retention.closedOn) {
    return (
      <p className="muted">
        Addresses are erased {retention.days} days after the letter closes; it has not closed. {still}
      </p>
    )
  }
  return (
    <p className="muted">
      The letter closed on {retention.closedOn}: addresses{' '}
      {retention.eraseDue ? 'are erased' : 'will be erased'} from {retention.eraseOn}
      {retention.eraseDue ? ' (the server does it within ten minutes, or run npm run privacy:retention)' : ''}
      . {still}
    </p>
  )
}

function SignerPanel({
  letterId,
  signer,
  email,
  eraseResult,
  erasing,
}: {
  letterId: number
  signer: SignerSummary
  email: string
  eraseResult: SubmissionResult<string[]> | undefined
  erasing: boolean
}) {
  const [eraseForm, eraseFields] = useForm({
    id: 'erase-signer',
    lastResult: eraseResult,
    defaultValue: { email },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eraseSignerDataSchema }),
  })
  const kept = 'kept'
  const rows: Array<[string, string]> = [
    ['Email address', signer.stored.email ? 'stored' : `erased on ${formatDateTime(signer.erasedAt!)}`],
    ['Network address (IP) and range', signer.stored.networkAddress ? 'stored' : 'none'],
    ['Comment to the organizers', signer.stored.comment ? 'stored' : 'none'],
    ['Copies of emails sent to them', signer.stored.emails ? String(signer.stored.emails) : 'none'],
    [
      'Confirmation and “manage” links (stored as hashes)',
      signer.stored.links ? String(signer.stored.links) : 'none',
    ],
    ['Licence number', signer.stored.licenceNumber ? `stored (${kept} on erasure)` : 'none'],
    ['Name, profession, organization, place, verification', `the public record (${kept})`],
  ]
  return (
    <div className="panel stack" aria-labelledby="signer-heading">
      <h3 id="signer-heading">
        Signature #{signer.signatureId}: {signer.name}
      </h3>
      <dl className="record-meta">
        <dt>Signed</dt>
        <dd>
          <time dateTime={signer.createdAt}>{formatDateTime(signer.createdAt)}</time>
        </dd>
        <dt>As</dt>
        <dd>
          {signer.profession}, {signer.organization}, {signer.location}
        </dd>
        <dt>Status</dt>
        <dd>
          {statusLabels[signer.status]}
          {signer.status === 'approved' ? (signer.listing === 'listed' ? ', listed' : ', counted only') : ''}
        </dd>
      </dl>
      <div className="table-scroll">
        <table className="data-table">
          <caption>What is stored about this signature</caption>
          <tbody>
            {rows.map(([what, state]) => (
              <tr key={what}>
                <th scope="row">{what}</th>
                <td>{state}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h4>Export</h4>
      <p>
        A JSON file with everything stored about this signature: the record, its flags, the emails sent
        (without their links), and the audit events about it. Send it to the signer; the audit log notes that
        you did.
      </p>
      {/* A plain form: the answer is a file to save, not a page. */}
      <form method="post" action={`/admin/letters/${letterId}/signer-data/export`}>
        <input type="hidden" name="email" value={email} />
        <button type="submit" className="button button--secondary">
          Download their data (JSON)
        </button>
      </form>

      {signer.erasedAt ? null : (
        <Form method="post" {...getFormProps(eraseForm)} noValidate className="stack">
          <h4>Erase</h4>
          <p>
            Erases their email address, network address and comment, deletes their links and codes, and blanks
            the copies of the emails sent to them, at once and for good. Their signature still counts and is
            listed as before. The licence number stays: it is the evidence behind a registry check.
          </p>
          <ErrorList id={eraseForm.errorId} errors={eraseForm.errors} announce />
          <input {...getInputProps(eraseFields.email, { type: 'hidden' })} />
          <TextField
            label="Type their address again to confirm"
            field={eraseFields.confirmEmail}
            type="email"
            autoComplete="off"
          />
          <SubmitButton pending={erasing} pendingLabel="Erasing…" name="intent" value="erase">
            Erase this signer’s data
          </SubmitButton>
        </Form>
      )}
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        403: ({ message }) => (
          <>
            <h1>Only owners handle signers’ data</h1>
            <p>
              {message} Ask an owner of this site to export or erase a signer’s data, or to change how long it
              is kept.
            </p>
          </>
        ),
      }}
    />
  )
}
