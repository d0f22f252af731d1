import { Form, Link } from '@remix-run/react'
import type { PublicCounts } from '~/models/signature-count.server'
import type { PublicSignatory } from '~/models/signature.server'
import { SignatoryCounts } from './signatory-counts'
import { pluralize } from '~/utils/format'
import { badgeLabel, describeVerification, isProfessionVerified } from '~/utils/verification'

type Props = {
  slug: string
  signatories: PublicSignatory[]
  nextCursor: number | null
  previousCursor: number | null
  search: string
  /** The profession the list is filtered on, or ''. */
  profession: string
  counts: PublicCounts
  /** Signatories of an earlier version say which one they signed. */
  currentVersionNumber: number
}

function listHref(
  slug: string,
  filters: { search: string; profession: string },
  cursor: Record<string, number> = {},
) {
  const params = new URLSearchParams()
  if (filters.profession) params.set('profession', filters.profession)
  if (filters.search) params.set('q', filters.search)
  for (const [key, value] of Object.entries(cursor)) params.set(key, String(value))
  const query = params.toString()
  return `/letters/${slug}${query ? `?${query}` : ''}#signatories`
}

function filterDescription(search: string, profession: string) {
  const who = profession ? `${profession.toLowerCase()} signatories` : 'signatories'
  return search ? `${who} matching “${search}”` : who
}

export function SignatoryList(props: Props) {
  const { slug, signatories, search, profession, counts } = props
  const filters = { search, profession }
  return (
    <section className="signatories" id="signatories" aria-labelledby="signatories-heading">
      <div className="signatories__header">
        <h2 id="signatories-heading">Signatories</h2>
        <p className="signatories__summary">
          {pluralize(counts.listed, 'person is', 'people are')} listed in the order they signed
          {counts.counted > 0 ? (
            <>
              ,{' '}
              <strong>
                +{pluralize(counts.counted, 'more who asked', 'more who asked')} not to be listed
              </strong>
            </>
          ) : null}
          .
        </p>
      </div>
      <SignatoryCounts
        counts={counts}
        profession={profession}
        hrefFor={(name) => listHref(slug, { search, profession: name })}
      />
      <Form method="get" action={`/letters/${slug}#signatories`} className="search-form" role="search">
        <label htmlFor="signatory-search">Search by name or organization</label>
        {profession ? <input type="hidden" name="profession" value={profession} /> : null}
        <div className="search-form__row">
          <input id="signatory-search" type="search" name="q" defaultValue={search} maxLength={100} />
          <button type="submit" className="button button--secondary">
            Search
          </button>
        </div>
      </Form>
      <div aria-live="polite">
        {search || profession ? (
          <p className="signatories__filter">
            {signatories.length === 0
              ? `No listed ${filterDescription(search, profession)}.`
              : `Showing ${filterDescription(search, profession)}.`}{' '}
            <Link to={listHref(slug, { search: '', profession: '' })}>Show everyone</Link>
          </p>
        ) : null}
      </div>
      {signatories.length ? (
        <ul className="signatory-list">
          {signatories.map((signatory) => (
            <li key={signatory.id} className="signatory">
              <span className="signatory__name">{signatory.name}</span>
              {isProfessionVerified(signatory.verification_level) ? (
                // A disclosure, not a hover tooltip: it works by keyboard, touch and without JavaScript.
                <details className="verified-badge">
                  <summary>{badgeLabel(signatory.profession)}</summary>
                  <p className="verified-badge__detail">
                    {describeVerification(
                      signatory.verification_level,
                      signatory.verification_method,
                      signatory.verified_at,
                      signatory.verifier_label,
                    )}
                  </p>
                </details>
              ) : null}
              <span className="signatory__role">
                {signatory.profession}, {signatory.organization}
              </span>
              <span className="signatory__location">{signatory.location}</span>
              {signatory.imported_from ? (
                <span className="signatory__provenance">
                  imported from {signatory.imported_from} on {signatory.imported_at?.slice(0, 10)}
                </span>
              ) : null}
              {signatory.version_number !== props.currentVersionNumber ? (
                <span className="signatory__version">signed version {signatory.version_number}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="signatories__empty">
          {search || profession
            ? 'Try another name, organization or profession.'
            : 'No signatures are listed yet. Be the first to sign.'}
        </p>
      )}
      {props.previousCursor !== null || props.nextCursor !== null ? (
        <nav className="pagination" aria-label="Signatory pages">
          {props.previousCursor !== null ? (
            <Link to={listHref(slug, filters, { before: props.previousCursor })} rel="prev">
              ← Earlier signatories
            </Link>
          ) : (
            <span />
          )}
          {props.nextCursor !== null ? (
            <Link to={listHref(slug, filters, { after: props.nextCursor })} rel="next">
              Later signatories →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  )
}
