import type { HeadersFunction, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listOpenLetters } from '~/models/letter.server'
import { publicPageHeaders } from '~/utils/cache-control'
import { getDb } from '~/utils/db.server'
import { formatCount } from '~/utils/format'
import { formatLongDate } from '~/utils/time'

export async function loader() {
  const letters = await listOpenLetters(getDb())
  return { letters }
}

export const headers: HeadersFunction = publicPageHeaders

export const meta: MetaFunction = () => [
  { title: 'Undersigned · Open letters from verified professionals' },
  {
    name: 'description',
    content: 'Open letters hosted by their organizers, signed by professionals whose names are confirmed.',
  },
]

export default function Index() {
  const { letters } = useLoaderData<typeof loader>()
  return (
    <div className="page">
      <section className="intro">
        <h1>Open letters</h1>
        <p className="lead">
          Letters hosted by their own organizers and signed by professionals. Every signature is confirmed by
          email before it counts.
        </p>
      </section>
      {letters.length ? (
        <ul className="letter-cards">
          {letters.map((letter) => (
            <li key={letter.id} className="letter-card">
              <h2>
                <Link to={`/letters/${letter.slug}`}>{letter.title}</Link>
              </h2>
              <p className="letter-card__recipient">{letter.recipient}</p>
              <p className="letter-card__organizers">{letter.organizers_line}</p>
              <p className="letter-card__count">
                <strong>{formatCount(letter.approved_count)}</strong>{' '}
                {letter.approved_count === 1 ? 'signature' : 'signatures'}
                {letter.opened_at ? (
                  <span className="muted"> · open since {formatLongDate(letter.opened_at)}</span>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="notice">No letter is open for signatures right now.</p>
      )}
    </div>
  )
}
