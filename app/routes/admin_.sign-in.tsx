import { getFormProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { SubmitButton, TextField } from '~/components/forms'
import { signInSchema } from '~/schemas/admin'
import { wakeOutboxWorker } from '~/services/email-delivery.server'
import { requestSignInLink } from '~/services/sign-in.server'
import { getOptionalUser, safeRedirectPath } from '~/utils/auth.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readFormData } from '~/utils/request.server'

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: signInSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), sentTo: null }, { status: 400 })
  }
  const { sent } = await requestSignInLink(getDb(), submission.value.email, getEnv().APP_URL, {
    redirectTo: safeRedirectPath(submission.value.redirectTo),
    clientIp: context.clientIp,
  })
  if (sent) wakeOutboxWorker()
  return data({ result: submission.reply({ resetForm: true }), sentTo: submission.value.email })
}

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get('redirectTo'))
  if (await getOptionalUser(request)) throw redirect(redirectTo)
  return { redirectTo }
}

export const meta: MetaFunction = () => [
  { title: 'Sign in · Undersigned' },
  { name: 'robots', content: 'noindex' },
]

export default function SignIn() {
  const { redirectTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'sign-in',
    lastResult: actionData?.result,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
  })
  return (
    <div className="page page--narrow">
      <p className="eyebrow">Organizers</p>
      <h1>Sign in</h1>
      {actionData?.sentTo ? (
        <div className="notice" role="status">
          <p>
            If <strong>{actionData.sentTo}</strong> belongs to an organizer, a sign-in link is on its way. It
            works once, for 15 minutes.
          </p>
        </div>
      ) : (
        <p className="lead">We email you a link to sign in: there is no password to remember or to steal.</p>
      )}
      <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField label="Email address" field={fields.email} type="email" autoComplete="email" />
        <SubmitButton pending={navigation.state === 'submitting'} pendingLabel="Sending…">
          Email me a sign-in link
        </SubmitButton>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
