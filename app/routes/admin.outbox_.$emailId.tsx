import { getFormProps, useForm } from '@conform-to/react'
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
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Fragment } from 'react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton } from '~/components/forms'
import { retryEmailSchema } from '~/schemas/outbox'
import { wakeOutboxWorker } from '~/services/email-delivery.server'
import { requireOwner } from '~/services/letter-access.server'
import { readOutboxMessage, retryFailedEmail } from '~/services/outbox-admin.server'
import { requireUser, safeRedirectPath } from '~/utils/auth.server'
import { formatDateTime } from '~/utils/time'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readFormData } from '~/utils/request.server'
import { notFound } from '~/utils/responses.server'
import adminRecordsStyles from '~/styles/admin-records.css'

function emailIdFrom(params: { emailId?: string }) {
  const id = params.emailId && /^[1-9]\d{0,14}$/.test(params.emailId) ? Number(params.emailId) : null
  if (id === null) notFound('No such email')
  return id
}

const refusals = {
  'not-failed':
    'This email has not failed (it was retried or delivered meanwhile), so there is nothing to retry.',
  'links-erased':
    'Its links and codes were erased when delivery gave up, so it would arrive without them. Ask the recipient to request a new one: a signer signs again with the same address, an organizer asks for a sign-in link.',
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request)
  requireOwner(user)
  const id = emailIdFrom(params)
  const submission = parseWithZod(await readFormData(request), { schema: retryEmailSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 })
  }
  const outcome = await retryFailedEmail(getDb(), user, id, getEnv().APP_URL)
  if (outcome.kind === 'not-found') notFound('No such email')
  if (outcome.kind !== 'retried') {
    return data({ result: submission.reply({ formErrors: [refusals[outcome.kind]] }) }, { status: 409 })
  }
  wakeOutboxWorker()
  return redirect(safeRedirectPath(submission.value.returnTo, `/admin/outbox/${id}`))
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  requireOwner(user)
  const id = emailIdFrom(params)
  const view = await readOutboxMessage(getDb(), user, id)
  if (!view) notFound('No such email')
  const { email, html, ...rest } = view
  return {
    ...rest,
    email,
    // The HTML itself is served by the preview route, as a document of its own.
    hasHtml: html !== null,
    links: view.text ? linksIn(view.text) : [],
    times: {
      created: formatDateTime(email.created_at),
      sent: email.sent_at ? formatDateTime(email.sent_at) : null,
      nextAttempt: email.status === 'pending' ? formatDateTime(email.next_attempt_at) : null,
    },
  }
}

// The page shows working links (sign-in, confirmation): nothing may keep a copy of it.
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminRecordsStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.email.subject ?? 'Email'} · Outbox · Undersigned admin` },
]

const statusLabels = {
  pending: 'pending',
  sent: 'sent (Resend accepted it)',
  delivered_locally: 'delivered locally (no Resend key: this page is the mailbox)',
  failed: 'failed',
} as const

export default function OutboxMessage() {
  const { email, hasHtml, text, renderError, secretsErased, retry, links, times } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form] = useForm({
    id: 'retry-email',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: retryEmailSchema }),
  })
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/admin/outbox">Outbox</Link> <span aria-hidden="true">/</span> Email #{email.id}
      </p>
      <h1>{email.subject}</h1>
      <dl className="record-meta">
        <dt>To</dt>
        <dd>{email.to_address}</dd>
        <dt>Template</dt>
        <dd>{email.template}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`tag tag--${email.status}`}>{email.status.replace('_', ' ')}</span>{' '}
          <span className="muted">{statusLabels[email.status]}</span>
        </dd>
        <dt>Attempts</dt>
        <dd>{email.attempts}</dd>
        <dt>Created</dt>
        <dd>
          <time dateTime={email.created_at}>{times.created}</time>
        </dd>
        {times.sent ? (
          <>
            <dt>Sent</dt>
            <dd>
              <time dateTime={email.sent_at!}>{times.sent}</time>
            </dd>
          </>
        ) : null}
        {times.nextAttempt ? (
          <>
            <dt>Next attempt</dt>
            <dd>
              <time dateTime={email.next_attempt_at}>{times.nextAttempt}</time>
            </dd>
          </>
        ) : null}
        {email.last_error ? (
          <>
            <dt>Last error</dt>
            <dd className="record-error">{email.last_error}</dd>
          </>
        ) : null}
      </dl>

      {email.status === 'failed' ? (
        <div className="panel">
          <h2>Delivery failed</h2>
          {retry === 'links-erased' ? (
            <p>{refusals['links-erased']}</p>
          ) : (
            <Form method="post" {...getFormProps(form)} noValidate>
              <p>
                {retry === 'fresh-link'
                  ? 'Retrying sends it again with a fresh sign-in link (the old one was erased when delivery gave up).'
                  : 'Retrying puts it back in the queue: it is sent at once.'}
              </p>
              <ErrorList id={form.errorId} errors={form.errors} announce />
              <SubmitButton
                pending={navigation.state === 'submitting'}
                pendingLabel="Retrying…"
                name="intent"
                value="retry"
              >
                Retry
              </SubmitButton>
            </Form>
          )}
        </div>
      ) : (
        <ErrorList id={form.errorId} errors={form.errors} announce />
      )}

      {secretsErased ? (
        <div className="notice" role="note">
          <p>
            This message’s links and codes are no longer stored: they are erased once Resend has accepted the
            message, once they have been used, and when delivery gives up. The copy below shows them as “[link
            erased]”; the recipient’s own email still has them.
          </p>
        </div>
      ) : links.length ? (
        <div className="panel">
          <h2>Links in this message</h2>
          <ul>
            {links.map((link) => (
              <li key={link}>
                <a href={link}>{link}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {renderError ? (
        <p className="notice" role="alert">
          This message cannot be shown: {renderError}
        </p>
      ) : null}
      {hasHtml ? (
        <>
          <h2>As the recipient sees it</h2>
          {/* No scripts, no forms, no same-origin access: the message can do nothing to this page. */}
          <iframe
            className="email-preview"
            title={`The email “${email.subject}”`}
            sandbox=""
            src={`/admin/outbox/${email.id}/preview`}
          />
        </>
      ) : null}
      {text !== null ? (
        <>
          <h2>Plain text</h2>
          <pre className="email-text">
            <LinkedText text={text} />
          </pre>
        </>
      ) : null}
    </div>
  )
}

const URL_PATTERN = /https?:\/\/[^\s<>"'\])]+/g

function linksIn(text: string): string[] {
  return [...new Set(text.match(URL_PATTERN) ?? [])]
}

/** Plain text with its web addresses clickable; everything else stays text (React escapes it). */
function LinkedText({ text }: { text: string }) {
  const parts: Array<{ text: string; link: boolean }> = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), link: false })
    parts.push({ text: match[0], link: true })
    last = match.index + match[0].length
  }
  if (last < text.length) parts.push({ text: text.slice(last), link: false })
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>{part.link ? <a href={part.text}>{part.text}</a> : part.text}</Fragment>
      ))}
    </>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        403: () => (
          <>
            <h1>Owners only</h1>
            <p>The outbox holds every email this site sends, so only owners of the site can read it.</p>
          </>
        ),
        404: () => (
          <>
            <h1>No such email</h1>
            <p>
              There is no email with this number. <Link to="/admin/outbox">Back to the outbox</Link>
            </p>
          </>
        ),
      }}
    />
  )
}
