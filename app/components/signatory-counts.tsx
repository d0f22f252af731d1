import { Link } from '@remix-run/react'
import type { VerificationLevel } from '#db/schema'
import type { PublicCounts } from '~/models/signature-count.server'
import { formatCount } from '~/utils/format'
import { PUBLIC_LEVEL_PHRASES } from '~/utils/verification'

// Past this many professions, the rest fold away: letters with free-text professions can have hundreds.
const PROFESSIONS_SHOWN = 8

type Props = {
  counts: Pick<PublicCounts, 'byProfession' | 'byLevel' | 'total'>
  /** The profession the list is filtered on, if any. */
  profession: string
  hrefFor: (profession: string) => string
}

function ProfessionLink({
  entry,
  current,
  href,
}: {
  entry: PublicCounts['byProfession'][number]
  current: boolean
  href: string
}) {
  return (
    <li>
      <Link
        to={href}
        className="profession-count"
        aria-current={current ? 'true' : undefined}
        preventScrollReset
      >
        <span className="profession-count__name">{entry.profession}</span>{' '}
        <span className="profession-count__number">{formatCount(entry.count)}</span>
        {entry.verified > 0 ? (
          <span className="profession-count__verified">
            {entry.verified === entry.count ? 'all verified' : `${formatCount(entry.verified)} verified`}
          </span>
        ) : null}
      </Link>
    </li>
  )
}

/**
 * Who signed, above the list: counts by profession (each a filter of the list) and by how names
 * were checked.
 */
export function SignatoryCounts({ counts, profession, hrefFor }: Props) {
  if (counts.total === 0) return null
  const isCurrent = (name: string) => name.toLowerCase() === profession.toLowerCase()
  const shown = counts.byProfession.slice(0, PROFESSIONS_SHOWN)
  const folded = counts.byProfession.slice(PROFESSIONS_SHOWN)
  const levels = (Object.keys(PUBLIC_LEVEL_PHRASES) as VerificationLevel[]).filter(
    (level) => (counts.byLevel[level] ?? 0) > 0,
  )
  return (
    <div className="signatory-counts">
      <nav aria-labelledby="by-profession-heading">
        <h3 id="by-profession-heading" className="signatory-counts__heading">
          By profession
        </h3>
        <ul className="profession-counts">
          <li>
            <Link
              to={hrefFor('')}
              className="profession-count"
              aria-current={profession ? undefined : 'true'}
              preventScrollReset
            >
              <span className="profession-count__name">Everyone</span>{' '}
              <span className="profession-count__number">{formatCount(counts.total)}</span>
            </Link>
          </li>
          {shown.map((entry) => (
            <ProfessionLink
              key={entry.profession}
              entry={entry}
              current={isCurrent(entry.profession)}
              href={hrefFor(entry.profession)}
            />
          ))}
        </ul>
        {folded.length ? (
          <details
            className="profession-counts__more"
            open={folded.some((entry) => isCurrent(entry.profession))}
          >
            <summary>
              {formatCount(folded.length)} more {folded.length === 1 ? 'profession' : 'professions'}
            </summary>
            <ul className="profession-counts">
              {folded.map((entry) => (
                <ProfessionLink
                  key={entry.profession}
                  entry={entry}
                  current={isCurrent(entry.profession)}
                  href={hrefFor(entry.profession)}
                />
              ))}
            </ul>
          </details>
        ) : null}
      </nav>
      {levels.length ? (
        <p className="signatory-counts__levels">
          <span className="signatory-counts__heading">How names were checked:</span>{' '}
          {levels.map((level, index) => (
            <span key={level}>
              {index > 0 ? ' · ' : null}
              <strong>{formatCount(counts.byLevel[level] ?? 0)}</strong> {PUBLIC_LEVEL_PHRASES[level]}
            </span>
          ))}
        </p>
      ) : null}
    </div>
  )
}
