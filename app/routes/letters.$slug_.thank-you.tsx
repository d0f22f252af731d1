import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { getLetterBySlug } from '~/models/letter.server'
import { getDb } from '~/utils/db.server'
import { notFound } from '~/utils/responses.server'
import { commitSession, getSession } from '~/utils/session.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const letter = await getLetterBySlug(getDb(), params.slug ?? '')
  if (!letter) notFound('No letter at this address')
  const session = await getSession(request)
  const confirmation = session.get('confirmation')
  // Only reached right after confirming; a bookmark or reload goes back to the letter.
  if (!confirmation || confirmation.letterSlug !== letter.slug) return redirect(`/letters/${letter.slug}`)
  return data(
    { letter: { slug: letter.slug, title: letter.title }, status: confirmation.status },
    { headers: { 'Set-Cookie': await commitSession(session), 'Cache-Control': 'no-store' } },
  )
}

export const meta: MetaFunction = () => [
  { title: 'Thank you for signing · Undersigned' },
  { name: 'robots', content: 'noindex' },
]

export default function ThankYou() {
  const { letter, status } = useLoaderData<typeof loader>()
  return (
    <div className="page page--narrow notice-page">
      <p className="eyebrow">Signature confirmed</p>
      <h1>Thank you for signing</h1>
      {status === 'approved' ? (
        <p className="lead">Your signature on “{letter.title}” is confirmed and now counts on the letter.</p>
      ) : (
        <p className="lead">
          Your signature on “{letter.title}” is confirmed and is <strong>awaiting review</strong> by the
          organizers, who check each signature before it is listed. We will not email you again about it
          unless something needs your attention.
        </p>
      )}
      <p>
        <Link className="button button--primary" to={`/letters/${letter.slug}#signatories`}>
          See the letter and its signatories
        </Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
