import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SubmitButton } from '~/components/forms'
import { checkSignInToken, useSignInToken } from '~/models/sign-in-token.server'
import { recordSignIn } from '~/services/sign-in.server'
import { safeRedirectPath, startSession } from '~/utils/auth.server'
import { getDb } from '~/utils/db.server'
import { readFormData } from '~/utils/request.server'

// Like signature confirmation: opening the link shows a button, only the POST signs in.

const statusFor = { valid: 200, used: 410, expired: 410, invalid: 404 } as const

export async function action({ request, params }: ActionFunctionArgs) {
  const db = getDb()
  const outcome = await db.transaction().execute(async (trx) => {
    const check = await checkSignInToken(trx, params.token ?? '')
    if (check.kind !== 'valid') return check
    if (!(await useSignInToken(trx, check.tokenId))) return { kind: 'used' as const }
    await recordSignIn(trx, check.user)
    return check
  })
  if (outcome.kind !== 'valid') return data({ kind: outcome.kind }, { status: statusFor[outcome.kind] })
  const redirectTo = safeRedirectPath((await readFormData(request)).get('redirectTo'))
  return redirect(redirectTo, { headers: { 'Set-Cookie': await startSession(request, outcome.user.id) } })
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const check = await checkSignInToken(getDb(), params.token ?? '')
  return data(
    {
      kind: check.kind,
      displayName: check.kind === 'valid' ? check.user.display_name : null,
      redirectTo: safeRedirectPath(new URL(request.url).searchParams.get('redirectTo')),
    },
    { status: statusFor[check.kind] },
  )
}

// The token is in this page's address: nothing may keep a copy. (It is sent nowhere either:
// server.js gives token pages `Referrer-Policy: no-referrer`.)
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const meta: MetaFunction = () => [
  { title: 'Sign in · Undersigned' },
  { name: 'robots', content: 'noindex' },
]

export default function SignInWithLink() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const kind = actionData?.kind ?? loaderData.kind
  const navigation = useNavigation()
  if (kind === 'valid') {
    return (
      <div className="page page--narrow">
        <p className="eyebrow">Organizers</p>
        <h1>Sign in to Undersigned</h1>
        <p className="lead">Welcome back{loaderData.displayName ? `, ${loaderData.displayName}` : ''}.</p>
        <Form method="post">
          <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
          <SubmitButton pending={navigation.state === 'submitting'} pendingLabel="Signing in…">
            Sign in
          </SubmitButton>
        </Form>
      </div>
    )
  }
  const title = {
    used: 'This link has been used',
    expired: 'This link has expired',
    invalid: 'This link does not work',
  }[kind]
  return (
    <div className="page page--narrow notice-page">
      <h1>{title}</h1>
      <p>Sign-in links work once, for 15 minutes.</p>
      <p>
        <Link to="/admin/sign-in">Get a new link</Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
