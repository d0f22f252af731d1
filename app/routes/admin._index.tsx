import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listLettersForUser } from '~/models/letter-member.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { requireUser } from '~/utils/auth.server'
import { getDb } from '~/utils/db.server'
import { formatCount } from '~/utils/format'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const db = getDb()
  const letters = await listLettersForUser(db, user)
  const withCounts = await Promise.all(
    letters.map(async (letter) => ({ ...letter, counts: await getLetterCounts(db, letter.id) })),
  )
  return { letters: withCounts, canCreate: user.role === 'owner' }
}

export const meta: MetaFunction = () => [{ title: 'Letters · Undersigned admin' }]

export default function AdminLetters() {
  const { letters, canCreate } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <div className="page-heading">
        <h1>Your letters</h1>
        {canCreate ? (
          <Link className="button button--primary" to="/admin/letters/new">
            New letter
          </Link>
        ) : null}
      </div>
      {letters.length ? (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Letters you organize or moderate</caption>
            <thead>
              <tr>
                <th scope="col">Letter</th>
                <th scope="col">Status</th>
                <th scope="col" className="numeric">
                  Awaiting review
                </th>
                <th scope="col" className="numeric">
                  Approved
                </th>
                <th scope="col">Your role</th>
              </tr>
            </thead>
            <tbody>
              {letters.map((letter) => (
                <tr key={letter.id}>
                  <th scope="row">
                    <Link to={`/admin/letters/${letter.id}`}>{letter.title}</Link>
                  </th>
                  <td>
                    <span className={`tag tag--${letter.status}`}>{letter.status}</span>
                  </td>
                  <td className="numeric">{formatCount(letter.counts.confirmed)}</td>
                  <td className="numeric">{formatCount(letter.counts.approved)}</td>
                  <td>{letter.member_role ?? 'owner'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="notice">You are not a member of any letter yet. An organizer can add you to theirs.</p>
      )}
    </div>
  )
}
