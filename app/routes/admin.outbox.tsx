import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import type { OutboxStatus } from '#db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { outboxStatuses } from '~/schemas/outbox'
import { listOutbox, retryability } from '~/services/outbox-admin.server'
import { requireOwner } from '~/services/letter-access.server'
import { requireUser } from '~/utils/auth.server'
import { formatDateTime } from '~/utils/time'
import { parseIdCursor } from '~/utils/cursor'
import { getDb } from '~/utils/db.server'
import adminRecordsStyles from '~/styles/admin-records.css'

const statusLabels: Record<OutboxStatus, string> = {
  pending: 'pending',
  sent: 'sent',
  delivered_locally: 'delivered locally',
  failed: 'failed',
}

function parseStatus(value: string | null): OutboxStatus | undefined {
  return outboxStatuses.find((status) => status === value)
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  requireOwner(user)
  const url = new URL(request.url)
  const status = parseStatus(url.searchParams.get('status'))
  const before = parseIdCursor(url.searchParams.get('before'))
  const { emails, nextCursor } = await listOutbox(getDb(), user, { status, before })
  return {
    status: status ?? null,
    isFirstPage: before === undefined,
    nextCursor,
    emails: emails.map((email) => ({
      id: email.id,
      to: email.to_address,
      subject: email.subject,
      template: email.template,
      status: email.status,
      attempts: email.attempts,
      lastError: email.last_error,
      createdAt: email.created_at,
      created: formatDateTime(email.created_at),
      sentAt: email.sent_at,
      sent: email.sent_at ? formatDateTime(email.sent_at) : null,
      nextAttempt:
        email.status === 'pending' && email.attempts > 0 ? formatDateTime(email.next_attempt_at) : null,
      retry: retryability({ status: email.status, template: email.template, hasSecrets: email.has_secrets }),
    })),
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminRecordsStyles }]

export const meta: MetaFunction = () => [{ title: 'Outbox · Undersigned admin' }]

export default function Outbox() {
  const { emails, status, nextCursor, isFirstPage } = useLoaderData<typeof loader>()
  const location = useLocation()
  const returnTo = `${location.pathname}${location.search}`
  const filter = status ? `status=${status}&` : ''
  return (
    <div className="page">
      <p className="eyebrow">Owners</p>
      <h1>Outbox</h1>
      <p className="lead">
        Every email Undersigned has written, newest first. Without a Resend key, this is where the mail is:
        open a message to read it and follow its links.
      </p>
      <Form method="get" className="filter-form">
        <label>
          Status
          <select name="status" defaultValue={status ?? ''}>
            <option value="">All</option>
            {Object.entries(statusLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--secondary button--small">
          Show
        </button>
      </Form>
      {emails.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">
              Emails{status ? ` with status ${statusLabels[status]}` : ''}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Recipient</th>
                <th scope="col">Subject</th>
                <th scope="col">Template</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Attempts
                </th>
                <th scope="col">Last error</th>
                <th scope="col">Sent</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {emails.map((email) => (
                <tr key={email.id}>
                  <td>
                    <time dateTime={email.createdAt}>{email.created}</time>
                  </td>
                  <td>{email.to}</td>
                  <th scope="row">
                    <Link to={`/admin/outbox/${email.id}`}>{email.subject}</Link>
                  </th>
                  <td>{email.template}</td>
                  <td>
                    <span className={`tag tag--${email.status}`}>{statusLabels[email.status]}</span>
                    {email.nextAttempt ? <div className="muted">next try {email.nextAttempt}</div> : null}
                  </td>
                  <td className="numeric">{email.attempts}</td>
                  <td>{email.lastError ? <div className="record-error">{email.lastError}</div> : null}</td>
                  <td>
                    {email.sentAt ? (
                      <time dateTime={email.sentAt}>{email.sent}</time>
                    ) : (
                      <span className="muted">–</span>
                    )}
                  </td>
                  <td>
                    <div className="row-form">
                      <Link
                        to={`/admin/outbox/${email.id}`}
                        aria-label={`Read “${email.subject}” to ${email.to}`}
                      >
                        Read
                      </Link>
                      {email.retry === 'as-is' || email.retry === 'fresh-link' ? (
                        <Form method="post" action={`/admin/outbox/${email.id}`} className="row-form">
                          <input type="hidden" name="returnTo" value={returnTo} />
                          <button
                            type="submit"
                            name="intent"
                            value="retry"
                            className="button button--secondary button--small"
                            aria-label={`Retry “${email.subject}” to ${email.to}`}
                          >
                            Retry
                          </button>
                        </Form>
                      ) : email.retry === 'links-erased' ? (
                        <span className="muted">links erased: cannot retry</span>
                      ) : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="notice">
          {isFirstPage
            ? status
              ? `No email is ${statusLabels[status]}.`
              : 'No email has been written yet.'
            : 'No older emails.'}
        </p>
      )}
      <nav className="pagination" aria-label="Outbox pages">
        {isFirstPage ? <span /> : <Link to={status ? `?status=${status}` : '.'}>Newest emails</Link>}
        {nextCursor ? <Link to={`?${filter}before=${nextCursor}`}>Older emails</Link> : null}
      </nav>
    </div>
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
      }}
    />
  )
}
