import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { Letter, Signature } from '#db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SubmitButton } from '~/components/forms'
import { SignerCard } from '~/components/signer-card'
import {
  checkConfirmationToken,
  confirmSignatureByToken,
  type ConfirmationCheck,
  type ConfirmationResult,
} from '~/services/signing.server'
import { wakeOutboxWorker } from '~/services/email-delivery.server'
import { configuredRegistries } from '~/services/registries/configured-registries.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { clearPendingSignature, commitSession, getSession } from '~/utils/session.server'

// Mail scanners open links: opening this page only shows a button. Only the POST confirms.

type View = {
  kind: Exclude<ConfirmationCheck['kind'] | ConfirmationResult['kind'], 'confirmed'>
  letter: { slug: string; title: string } | null
  signer: { name: string; profession: string; organization: string; location: string; listed: boolean } | null
}

function toView(outcome: ConfirmationCheck | ConfirmationResult): View {
  const letter: Letter | null = 'letter' in outcome ? outcome.letter : null
  const signature: Signature | null = 'signature' in outcome ? outcome.signature : null
  return {
    kind: outcome.kind === 'confirmed' ? 'already-confirmed' : outcome.kind,
    letter: letter && { slug: letter.slug, title: letter.title },
    // Only a live link shows whose signature it is.
    signer:
      signature && outcome.kind === 'ready'
        ? {
            name: signature.name,
            profession: signature.profession,
            organization: signature.organization,
            location: signature.location,
            listed: signature.listing === 'listed',
          }
        : null,
  }
}

const statusFor: Record<View['kind'], number> = {
  ready: 200,
  'already-confirmed': 200,
  'letter-not-open': 409,
  unavailable: 410,
  expired: 410,
  invalid: 404,
}

export async function action({ params, request }: ActionFunctionArgs) {
  const env = getEnv()
  const outcome = await confirmSignatureByToken(getDb(), params.token ?? '', {
    appUrl: env.APP_URL,
    registries: configuredRegistries(env),
  })
  if (outcome.kind === 'confirmed') {
    // An auto-approved signer is emailed at once.
    if (outcome.status === 'approved') wakeOutboxWorker()
    const session = await getSession(request)
    clearPendingSignature(session, outcome.letter.id)
    session.flash('confirmation', { letterSlug: outcome.letter.slug, status: outcome.status })
    return redirect(`/letters/${outcome.letter.slug}/thank-you`, {
      headers: { 'Set-Cookie': await commitSession(session) },
    })
  }
  const view = toView(outcome)
  return data(view, { status: statusFor[view.kind] })
}

export async function loader({ params }: LoaderFunctionArgs) {
  const view = toView(await checkConfirmationToken(getDb(), params.token ?? ''))
  return data(view, { status: statusFor[view.kind] })
}

// The token is in this page's address: nothing may keep a copy. (It is sent nowhere either:
// server.js gives token pages `Referrer-Policy: no-referrer`.)
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction = () => [
  { title: 'Confirm your signature · Undersigned' },
  { name: 'robots', content: 'noindex' },
]

export default function ConfirmSignature() {
  const loaderView = useLoaderData<typeof loader>()
  const actionView = useActionData<typeof action>()
  const view = actionView ?? loaderView
  const navigation = useNavigation()
  const submitting = navigation.state === 'submitting'
  const letterLink = view.letter ? <Link to={`/letters/${view.letter.slug}`}>{view.letter.title}</Link> : null

  switch (view.kind) {
    case 'ready':
      return (
        <div className="page page--narrow">
          <p className="eyebrow">{letterLink}</p>
          <h1>Confirm your signature</h1>
          <p className="lead">One last step: confirm that you sign this letter as</p>
          {view.signer ? (
            <SignerCard
              signer={view.signer}
              status={{
                label: 'Listing',
                value: view.signer.listed ? 'Name listed publicly' : 'Counted, name not shown',
              }}
            />
          ) : null}
          <Form method="post">
            <SubmitButton pending={submitting} pendingLabel="Confirming…">
              Confirm my signature
            </SubmitButton>
          </Form>
          <p className="muted">
            If these details are not yours, close this page: nothing is signed until you press the button.
          </p>
        </div>
      )
    case 'already-confirmed':
      return (
        <Message title="This signature is already confirmed">
          This link has been used. There is nothing more to do; see the letter: {letterLink}.
        </Message>
      )
    case 'expired':
      return (
        <Message title="This link has expired">
          Confirmation links work for a limited time. To get a new one, sign {letterLink ?? 'the letter'}{' '}
          again with the same email address (we send at most five emails for one signature).
        </Message>
      )
    case 'unavailable':
      return (
        <Message title="This signature can no longer be confirmed">
          It was withdrawn or declined. If you think this is a mistake, contact the organizers of{' '}
          {letterLink ?? 'the letter'}.
        </Message>
      )
    case 'letter-not-open':
      return <Message title="This letter no longer takes signatures">{letterLink} is closed.</Message>
    case 'invalid':
      return (
        <Message title="This link does not work">
          Check that you copied the whole address from the email. If it still does not work, sign the letter
          again and we will send a new link.
        </Message>
      )
  }
}

function Message({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="page page--narrow notice-page">
      <h1>{title}</h1>
      <p>{children}</p>
      <p>
        <Link to="/">All open letters</Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
