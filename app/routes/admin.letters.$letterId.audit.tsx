import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { getLetterAuditLog } from '~/services/audit-log.server'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { formatDateTime } from '~/utils/time'
import { parseIdCursor } from '~/utils/cursor'
import { getDb } from '~/utils/db.server'
import adminRecordsStyles from '~/styles/admin-records.css'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const db = getDb()
  const access = await requireLetterAccessFor(request, params.letterId, 'view')
  const before = parseIdCursor(new URL(request.url).searchParams.get('before'))
  const { entries, nextCursor } = await getLetterAuditLog(db, access, { before })
  return {
    letterTitle: access.letter.title,
    isFirstPage: before === undefined,
    nextCursor,
    entries: entries.map((entry) => ({ ...entry, when: formatDateTime(entry.at) })),
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminRecordsStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Audit log · ${data?.letterTitle ?? 'Letter'} · Undersigned admin` },
]

export default function LetterAuditLog() {
  const { entries, nextCursor, isFirstPage } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <p className="muted">
        Everything organizers, moderators and signers did to this letter, newest first. The log cannot be
        edited.
      </p>
      {entries.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">
              Audit events{isFirstPage ? ', newest first' : ', older events'}
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Signature</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{entry.when}</time>
                  </td>
                  <td>
                    {entry.actor.label}
                    {entry.actor.type !== 'user' ? (
                      <span className="muted"> ({entry.actor.type})</span>
                    ) : null}
                  </td>
                  <th scope="row">
                    {entry.description}
                    <span className="visually-hidden"> ({entry.action})</span>
                  </th>
                  <td>
                    {entry.signature ? (
                      <>
                        {entry.signature.name ?? <span className="muted">deleted</span>}{' '}
                        <span className="muted">#{entry.signature.id}</span>
                      </>
                    ) : (
                      <span className="muted">–</span>
                    )}
                  </td>
                  <td>
                    {entry.changes.length ? (
                      <ul className="record-changes">
                        {entry.changes.map((change) => (
                          <li key={change.field}>
                            <span className="record-changes__field">{change.field}:</span>{' '}
                            {change.changed ? (
                              <>
                                {change.before ?? '—'} <span aria-hidden="true">→</span>
                                <span className="visually-hidden">changed to</span> {change.after ?? '—'}
                              </>
                            ) : (
                              (change.after ?? change.before ?? '—')
                            )}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="notice">
          {isFirstPage ? 'Nothing has happened to this letter yet.' : 'No older events.'}
        </p>
      )}
      <nav className="pagination" aria-label="Audit log pages">
        {isFirstPage ? <span /> : <Link to=".">Newest events</Link>}
        {nextCursor ? <Link to={`?before=${nextCursor}`}>Older events</Link> : null}
      </nav>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
