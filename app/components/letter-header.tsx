import { Link } from '@remix-run/react'
import type { LetterStatus } from '#db/schema'
import { formatLongDate } from '~/utils/time'

type HeaderLetter = {
  slug: string
  title: string
  recipient: string
  organizersLine: string
  status: LetterStatus
  versionNumber: number
  /** When the current version was published. */
  publishedAt: string
  /** When version 1 was published. */
  firstPublishedAt: string
  versionCount: number
}

export function LetterHeader({ letter }: { letter: HeaderLetter }) {
  return (
    <header className="letter__header">
      <p className="eyebrow">
        Open letter
        {letter.status === 'closed' ? <span className="tag tag--closed">Closed</span> : null}
        {letter.status === 'draft' ? <span className="tag tag--draft">Draft</span> : null}
      </p>
      <h1>{letter.title}</h1>
      <p className="letter__recipient">{letter.recipient}</p>
      <p className="letter__organizers">{letter.organizersLine}</p>
      <p className="letter__meta">
        Published {formatLongDate(letter.firstPublishedAt)}
        {letter.versionCount > 1 ? (
          <>
            {' · '}Last edited on {formatLongDate(letter.publishedAt)}
            {' · '}
            <Link to={`/letters/${letter.slug}/versions`}>see all versions</Link>
          </>
        ) : null}
      </p>
    </header>
  )
}

export function LetterStatusNotice({ status, closedAt }: { status: LetterStatus; closedAt: string | null }) {
  if (status === 'closed') {
    return (
      <div className="notice" role="status">
        <p>
          <strong>This letter is closed.</strong>{' '}
          {closedAt
            ? `It stopped taking signatures on ${formatLongDate(closedAt)}.`
            : 'It no longer takes signatures.'}
        </p>
      </div>
    )
  }
  return (
    <div className="notice" role="status">
      <p>
        <strong>This letter is a draft.</strong> It does not take signatures until its organizers open it.
      </p>
    </div>
  )
}
