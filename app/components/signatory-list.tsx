import { Form, Link } from '@remix-run/react'
import type { PublicSignatory } from '~/models/signature.server'
import { pluralize } from '~/utils/format'
import { badgeLabel, describeVerification, isProfessionVerified } from '~/utils/verification'

type Props = {
  slug: string
  signatories: PublicSignatory[]
  nextCursor: number | null
  previousCursor: number | null
  search: string
  approvedListed: number
  approvedCounted: number
  /** Signatories of an earlier version say which one they signed. */
  currentVersionNumber: number
}

function pageHref(slug: string, search: string, cursor: Record<string, number>) {
  const params = new URLSearchParams()
  if (search) params.set('q', search)
  for (const [key, value] of Object.entries(cursor)) params.set(key, String(value))
  return `/letters/${slug}?${params}#signatories`
}

export function SignatoryList(props: Props) {
  const { slug, signatories, search } = props
  return (
    <section className="signatories" id="signatories" aria-labelledby="signatories-heading">
      <div className="signatories__header">
        <h2 id="signatories-heading">Signatories</h2>
        <p className="signatories__summary">
          {pluralize(props.approvedListed, 'person is', 'people are')} listed in the order they signed
          {props.approvedCounted > 0 ? (
            <>
              ,{' '}
              <strong>
                +{pluralize(props.approvedCounted, 'more who asked', 'more who asked')} not to be listed
              </strong>
            </>
          ) : null}
          .
        </p>
      </div>
      <Form method="get" action={`/letters/${slug}#signatories`} className="search-form" role="search">
        <label htmlFor="signatory-search">Search by name or organization</label>
        <div className="search-form__row">
          <input id="signatory-search" type="search" name="q" defaultValue={search} maxLength={100} />
          <button type="submit" className="button button--secondary">
            Search
          </button>
        </div>
      </Form>
      <div aria-live="polite">
        {search ? (
          <p className="signatories__filter">
            {signatories.length === 0
              ? `No listed signatory matches “${search}”.`
              : `Showing signatories matching “${search}”.`}{' '}
            <Link to={`/letters/${slug}#signatories`}>Show everyone</Link>
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
              {signatory.version_number !== props.currentVersionNumber ? (
                <span className="signatory__version">signed version {signatory.version_number}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="signatories__empty">
          {search
            ? 'Try another name or organization.'
            : 'No signatures are listed yet. Be the first to sign.'}
        </p>
      )}
      {props.previousCursor !== null || props.nextCursor !== null ? (
        <nav className="pagination" aria-label="Signatory pages">
          {props.previousCursor !== null ? (
            <Link to={pageHref(slug, search, { before: props.previousCursor })} rel="prev">
              ← Earlier signatories
            </Link>
          ) : (
            <span />
          )}
          {props.nextCursor !== null ? (
            <Link to={pageHref(slug, search, { after: props.nextCursor })} rel="next">
              Later signatories →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  )
}
