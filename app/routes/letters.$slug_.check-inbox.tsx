import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton } from '~/components/forms'
import { getLetterBySlug } from '~/models/letter.server'
import { getSignatureById } from '~/models/signature.server'
import { confirmationCodeSchema } from '~/schemas/sign-letter'
import { wakeOutboxWorker } from '~/services/email-delivery.server'
import {
  confirmSignatureByCode,
  MAX_EMAILS_PER_SIGNATURE,
  resendSignerEmail,
} from '~/services/signing.server'
import { configuredRegistries } from '~/services/registries/configured-registries.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { readFormData } from '~/utils/request.server'
import { notFound } from '~/utils/responses.server'
import {
  clearPendingSignature,
  commitSession,
  getPendingSignatureId,
  getSession,
} from '~/utils/session.server'

// One answer whatever happened: how many emails a signature has had is nobody else's business.
const RESEND_MESSAGE = `If we can send another email, it is on its way. We send at most one a minute and ${MAX_EMAILS_PER_SIGNATURE} in all; check your spam folder too.`

async function loadPendingSignature(request: Request, slug: string) {
  const db = getDb()
  const letter = await getLetterBySlug(db, slug)
  if (!letter) notFound('No letter at this address')
  const session = await getSession(request)
  const signatureId = getPendingSignatureId(session, letter.id)
  const signature = signatureId ? await getSignatureById(db, signatureId) : null
  return { db, letter, session, signature: signature?.letter_id === letter.id ? signature : null }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, letter, session, signature } = await loadPendingSignature(request, params.slug ?? '')
  const formData = await readFormData(request)

  if (formData.get('intent') === 'resend') {
    const env = getEnv()
    const outcome = signature
      ? await resendSignerEmail(db, signature.id, {
          appUrl: env.APP_URL,
          confirmationTtlHours: env.CONFIRMATION_TTL_HOURS,
        })
      : 'unknown-signature'
    if (outcome === 'sent') wakeOutboxWorker()
    return data({ resendMessage: RESEND_MESSAGE, result: null })
  }

  const submission = parseWithZod(formData, { schema: confirmationCodeSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), resendMessage: null }, { status: 400 })
  }
  if (!signature) {
    return data(
      {
        result: submission.reply({
          formErrors: ['Codes work in the browser you signed with. Use the link in the email instead.'],
        }),
        resendMessage: null,
      },
      { status: 400 },
    )
  }

  const env = getEnv()
  const outcome = await confirmSignatureByCode(db, signature.id, submission.value.code, {
    appUrl: env.APP_URL,
    registries: configuredRegistries(env),
  })
  if (outcome.kind === 'confirmed') {
    // An auto-approved signer is emailed at once.
    if (outcome.status === 'approved') wakeOutboxWorker()
    clearPendingSignature(session, letter.id)
    session.flash('confirmation', { letterSlug: letter.slug, status: outcome.status })
    return redirect(`/letters/${letter.slug}/thank-you`, {
      headers: { 'Set-Cookie': await commitSession(session) },
    })
  }

  const reply = (() => {
    switch (outcome.kind) {
      case 'wrong-code':
        return submission.reply({
          fieldErrors: {
            code: [
              `That code is not right, or it has expired. ${outcome.attemptsLeft} ${outcome.attemptsLeft === 1 ? 'try' : 'tries'} left.`,
            ],
          },
        })
      case 'too-many-attempts':
        return submission.reply({
          formErrors: [
            'Too many wrong codes. Use the link in the email, or send the email again for a new code.',
          ],
        })
      case 'letter-not-open':
        return submission.reply({ formErrors: ['This letter no longer takes signatures.'] })
      default:
        return submission.reply({ formErrors: ['This signature cannot be confirmed. Please sign again.'] })
    }
  })()
  return data({ result: reply, resendMessage: null }, { status: 400 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { letter, signature } = await loadPendingSignature(request, params.slug ?? '')
  return {
    letter: { slug: letter.slug, title: letter.title },
    email: signature?.email ?? null,
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Check your inbox · ${data?.letter.title ?? 'Undersigned'}` },
  { name: 'robots', content: 'noindex' },
]

export default function CheckInbox() {
  const { letter, email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busyIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const [form, fields] = useForm({
    id: 'confirm-code',
    lastResult: actionData?.result,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: confirmationCodeSchema }),
  })

  return (
    <div className="page page--narrow">
      <p className="eyebrow">
        <Link to={`/letters/${letter.slug}`}>{letter.title}</Link>
      </p>
      <h1>Check your inbox</h1>
      <p className="lead">
        We sent an email{' '}
        {email ? (
          <>
            to <strong>{email}</strong>
          </>
        ) : (
          'to the address you gave'
        )}{' '}
        with a link to confirm your signature. Your name is not added until you confirm.
      </p>
      <p>
        The email comes from Undersigned and has the subject “Confirm your signature”. If it does not arrive
        within a few minutes, check your spam folder.
      </p>

      <section className="panel" aria-labelledby="code-heading">
        <h2 id="code-heading">Or enter the code from the email</h2>
        <Form method="post" {...getFormProps(form)} noValidate>
          <ErrorList id={form.errorId} errors={form.errors} announce />
          <div className={`field${fields.code.errors?.length ? ' field--invalid' : ''}`}>
            <label htmlFor={fields.code.id}>6-digit code</label>
            <input
              {...getInputProps(fields.code, { type: 'text', ariaAttributes: false })}
              className="code-input"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              aria-invalid={fields.code.errors?.length ? true : undefined}
              aria-describedby={fields.code.errors?.length ? fields.code.errorId : undefined}
              autoFocus={Boolean(fields.code.errors?.length)}
            />
            <ErrorList id={fields.code.errorId} errors={fields.code.errors} />
          </div>
          <SubmitButton
            name="intent"
            value="confirm-code"
            pending={busyIntent === 'confirm-code'}
            pendingLabel="Confirming…"
          >
            Confirm my signature
          </SubmitButton>
        </Form>
      </section>

      <section className="panel panel--quiet" aria-labelledby="resend-heading">
        <h2 id="resend-heading">No email?</h2>
        <Form method="post">
          <div role="status" aria-live="polite">
            {actionData?.resendMessage ? <p className="notice">{actionData.resendMessage}</p> : null}
          </div>
          <SubmitButton
            name="intent"
            value="resend"
            pending={busyIntent === 'resend'}
            pendingLabel="Sending…"
            className="button button--secondary"
          >
            Send it again
          </SubmitButton>
        </Form>
        <p>
          Wrong address? <Link to={`/letters/${letter.slug}#sign`}>Sign again</Link> with the right one.
        </p>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
