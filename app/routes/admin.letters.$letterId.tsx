import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { accessDeniedHandlers, GeneralErrorBoundary } from '~/components/error-boundary'
import { countSuspected, SUSPECTED_COUNT_CAP } from '~/models/quarantine.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { getDb } from '~/utils/db.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireLetterAccessFor(request, params.letterId, 'view')
  const counts = await getLetterCounts(getDb(), access.letter.id)
  const suspected = await countSuspected(getDb(), access.letter.id)
  return {
    letter: {
      id: access.letter.id,
      slug: access.letter.slug,
      title: access.letter.title,
      status: access.letter.status,
    },
    role: access.role,
    canEdit: access.can('edit'),
    canManageMembers: access.can('manage-members'),
    canManageSignerData: access.can('manage-signer-data'),
    awaitingReview: counts.confirmed,
    suspected:
      suspected > SUSPECTED_COUNT_CAP ? `${SUSPECTED_COUNT_CAP.toLocaleString('en-US')}+` : suspected,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.letter.title ?? 'Letter'} · Undersigned admin` },
]

export default function AdminLetterLayout() {
  const { letter, canEdit, canManageMembers, canManageSignerData, awaitingReview, suspected, role } =
    useLoaderData<typeof loader>()
  const base = `/admin/letters/${letter.id}`
  return (
    <div className="page admin-letter">
      <p className="eyebrow">
        <Link to="/admin">Letters</Link> <span aria-hidden="true">/</span> You are{' '}
        {{ owner: 'an owner', organizer: 'an organizer', moderator: 'a moderator' }[role]}
        <span className={`tag tag--${letter.status}`}>{letter.status}</span>
      </p>
      <h1 className="admin-letter__title">{letter.title}</h1>
      <p className="admin-letter__links">
        <Link to={`/letters/${letter.slug}`}>View the public page</Link>
        {canEdit ? (
          <>
            {' · '}
            <a href={`${base}/export.csv`} download>
              Download every signature (CSV)
            </a>
          </>
        ) : null}
      </p>
      <nav className="tabs" aria-label="Letter administration">
        <NavLink to={`${base}/queue`}>
          Moderation{awaitingReview ? <span className="tabs__count">{awaitingReview}</span> : null}
        </NavLink>
        <NavLink to={`${base}/suspected`}>
          Suspected{suspected ? <span className="tabs__count">{suspected}</span> : null}
        </NavLink>
        <NavLink to={`${base}/protection`}>Protection</NavLink>
        {canEdit ? <NavLink to={`${base}/edit`}>Letter</NavLink> : null}
        {canEdit ? <NavLink to={`${base}/updates`}>Updates</NavLink> : null}
        {canEdit ? <NavLink to={`${base}/domains`}>Domains</NavLink> : null}
        <NavLink to={`${base}/rosters`}>Rosters</NavLink>
        {canEdit ? <NavLink to={`${base}/verification`}>Verification</NavLink> : null}
        {canManageMembers ? <NavLink to={`${base}/team`}>Team</NavLink> : null}
        {canEdit ? <NavLink to={`${base}/import`}>Import</NavLink> : null}
        <NavLink to={`${base}/share`}>Share and export</NavLink>
        <NavLink to={`${base}/audit`}>Audit log</NavLink>
        {canManageSignerData ? <NavLink to={`${base}/signer-data`}>Signer data</NavLink> : null}
      </nav>
      <Outlet />
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        ...accessDeniedHandlers,
        404: () => (
          <>
            <h1>No such letter</h1>
            <p>This letter does not exist, or was deleted.</p>
          </>
        ),
      }}
    />
  )
}
