import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { ListingChoice } from '~/components/listing-choice'
import { SignerCard } from '~/components/signer-card'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton } from '~/components/forms'
import { manageSignatureSchema, MANAGE_INTENTS } from '~/schemas/manage-signature'
import {
  canManage,
  changeListingBySigner,
  findManagedSignature,
  setUpdateEmailsBySigner,
  standingOf,
  withdrawBySigner,
  type ListingChangeResult,
  type SignatureStanding,
  type WithdrawalResult,
} from '~/services/self-service.server'
import { getDb } from '~/utils/db.server'
import { readFormData } from '~/utils/request.server'
import { notFound } from '~/utils/responses.server'
import manageStyles from '~/styles/manage.css'

// The link in every email to a signer. Opening it changes nothing; each change is a POST.

type Intent = (typeof MANAGE_INTENTS)[number]

const NOT_FOUND = 'No signature at this address'
const CONFLICT = 'Your signature changed while this page was open. Look at it again below and retry.'

function listingNotice(outcome: Extract<ListingChangeResult, { kind: 'changed' | 'unchanged' }>) {
  const prefix = outcome.kind === 'unchanged' ? 'Nothing to change: ' : 'Saved. '
  switch (outcome.standing) {
    case 'listed':
      return `${prefix}Your name is listed on the letter.`
    case 'counted':
      return `${prefix}Your signature counts on the letter without your name.`
    default:
      return outcome.listing === 'listed'
        ? `${prefix}Your name will be listed once your signature counts.`
        : `${prefix}Your signature will count without your name.`
  }
}

const withdrawalReply: Record<
  Exclude<WithdrawalResult['kind'], 'not-found'>,
  { status: number; notice?: string; error?: string }
> = {
  withdrawn: {
    status: 200,
    notice: 'Your signature is withdrawn. It no longer appears on the letter or in its count.',
  },
  'already-withdrawn': { status: 200, notice: 'This signature was already withdrawn.' },
  declined: {
    status: 409,
    error:
      'The organizers declined this signature, so it is neither listed nor counted: there is nothing to withdraw.',
  },
  conflict: { status: 409, error: CONFLICT },
}

export async function action({ params, request }: ActionFunctionArgs) {
  const db = getDb()
  const token = params.token ?? ''
  if (!(await findManagedSignature(db, token))) notFound(NOT_FOUND)

  const submission = parseWithZod(await readFormData(request), { schema: manageSignatureSchema })
  const reply = (
    intent: Intent | null,
    result: SubmissionResult<string[]>,
    notice: string | null,
    status: number,
  ) => data({ intent, result, notice }, { status })

  if (submission.status !== 'success') {
    const intent = submission.payload.intent
    const known = MANAGE_INTENTS.find((candidate) => candidate === intent) ?? null
    return reply(known, submission.reply(), null, 400)
  }

  if (submission.value.intent === 'withdraw') {
    const outcome = await withdrawBySigner(db, token)
    if (outcome.kind === 'not-found') notFound(NOT_FOUND)
    const { status, notice, error } = withdrawalReply[outcome.kind]
    return reply('withdraw', submission.reply(error ? { formErrors: [error] } : {}), notice ?? null, status)
  }

  if (submission.value.intent === 'update-emails') {
    const wantsUpdates = submission.value.updates === 'subscribe'
    const outcome = await setUpdateEmailsBySigner(db, token, wantsUpdates)
    if (outcome.kind === 'not-found') notFound(NOT_FOUND)
    const notice = wantsUpdates
      ? 'Saved. We will email you the organizers’ updates about this letter.'
      : 'Saved. You will get no more update emails about this letter.'
    return reply('update-emails', submission.reply(), notice, 200)
  }

  const outcome = await changeListingBySigner(db, token, submission.value.listing)
  switch (outcome.kind) {
    case 'not-found':
      return notFound(NOT_FOUND)
    case 'changed':
    case 'unchanged':
      return reply('change-listing', submission.reply(), listingNotice(outcome), 200)
    case 'unavailable': {
      const error =
        outcome.standing === 'withdrawn'
          ? 'This signature was withdrawn: there is nothing left to change.'
          : 'The organizers declined this signature: there is nothing left to change.'
      return reply('change-listing', submission.reply({ formErrors: [error] }), null, 409)
    }
    case 'conflict':
      return reply('change-listing', submission.reply({ formErrors: [CONFLICT] }), null, 409)
  }
}

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findManagedSignature(getDb(), params.token ?? '')
  if (!found) notFound(NOT_FOUND)
  const { signature, letter } = found
  return {
    letter: { slug: letter.slug, title: letter.title },
    signer: {
      name: signature.name,
      profession: signature.profession,
      organization: signature.organization,
      location: signature.location,
    },
    listing: signature.listing,
    standing: standingOf(signature),
    manageable: canManage(signature),
    wantsUpdates: signature.wants_updates === 1,
  }
}

// The token is in this page's address: nothing may keep a copy. (It is sent nowhere either:
// server.js gives token pages `Referrer-Policy: no-referrer`.)
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' })

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: manageStyles }]

export const meta: MetaFunction = () => [
  { title: 'Manage your signature · Undersigned' },
  { name: 'robots', content: 'noindex' },
]

const standingLabel: Record<SignatureStanding, string> = {
  'awaiting-confirmation': 'Awaiting confirmation',
  'awaiting-review': 'Awaiting review',
  listed: 'Listed',
  counted: 'Counted, not listed',
  declined: 'Declined',
  withdrawn: 'Withdrawn',
}

const standingExplanation: Record<SignatureStanding, string> = {
  'awaiting-confirmation':
    'You have not confirmed your email address yet: use the link or the code in the confirmation email. Until then your signature is neither listed nor counted.',
  'awaiting-review':
    'Your email address is confirmed. The organizers review each signature before it counts on the letter.',
  listed: 'Your name appears on the letter and your signature counts.',
  counted: 'Your signature counts on the letter; your name is not shown.',
  declined:
    'The organizers declined this signature: it is neither listed nor counted. If you think this is a mistake, contact the organizers.',
  withdrawn: 'You withdrew this signature: it is neither listed nor counted.',
}

export default function ManageSignature() {
  const view = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busyIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const letterLink = <Link to={`/letters/${view.letter.slug}`}>{view.letter.title}</Link>
  // Only a hand-made request has no known intent; its errors belong to neither form.
  const requestErrors =
    actionData && !actionData.intent
      ? Object.values(actionData.result.error ?? {}).flatMap((errors) => errors ?? [])
      : null

  return (
    <div className="page page--narrow">
      <p className="eyebrow">{letterLink}</p>
      <h1>Manage your signature</h1>
      <div role="status" aria-live="polite">
        {actionData?.notice ? <p className="notice">{actionData.notice}</p> : null}
      </div>
      <ErrorList errors={requestErrors} announce />
      <p className="lead">
        Your signature on “{letterLink}” is{' '}
        <span className="manage-standing">{standingLabel[view.standing].toLowerCase()}</span>.{' '}
        {standingExplanation[view.standing]}
      </p>
      <SignerCard signer={view.signer} status={{ label: 'Status', value: standingLabel[view.standing] }} />
      {view.manageable ? (
        <>
          <ListingForm
            // A fresh form whenever the stored choice changes, so the radios show what is saved.
            key={view.listing}
            listing={view.listing}
            lastResult={actionData?.intent === 'change-listing' ? actionData.result : null}
            pending={busyIntent === 'change-listing'}
          />
          <UpdateEmailsForm
            wantsUpdates={view.wantsUpdates}
            lastResult={actionData?.intent === 'update-emails' ? actionData.result : null}
            pending={busyIntent === 'update-emails'}
          />
          <WithdrawForm
            lastResult={actionData?.intent === 'withdraw' ? actionData.result : null}
            pending={busyIntent === 'withdraw'}
          />
        </>
      ) : view.standing === 'declined' ? (
        <p className="muted">A declined signature cannot be withdrawn here: it already does not count.</p>
      ) : null}
      {!view.manageable && view.wantsUpdates ? (
        // Out of the letter, so never emailed; the switch stays, so "stop" always has a button.
        <UpdateEmailsForm
          wantsUpdates={view.wantsUpdates}
          lastResult={actionData?.intent === 'update-emails' ? actionData.result : null}
          pending={busyIntent === 'update-emails'}
        />
      ) : null}
      <p>
        <Link to={`/letters/${view.letter.slug}`}>Back to the letter</Link>
      </p>
    </div>
  )
}

function ListingForm({
  listing,
  lastResult,
  pending,
}: {
  listing: 'listed' | 'counted'
  lastResult: SubmissionResult<string[]> | null
  pending: boolean
}) {
  const [form, fields] = useForm({
    id: 'change-listing',
    lastResult,
    defaultValue: { listing },
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: manageSignatureSchema }),
  })
  return (
    <section className="panel" aria-labelledby="listing-heading">
      <h2 id="listing-heading">How your name appears</h2>
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="change-listing" />
        <ErrorList id={form.errorId} errors={form.errors} announce />
        <ListingChoice field={fields.listing} labelledBy="listing-heading" />
        <SubmitButton pending={pending} pendingLabel="Saving…" className="button button--secondary">
          Save my choice
        </SubmitButton>
      </Form>
    </section>
  )
}

function UpdateEmailsForm({
  wantsUpdates,
  lastResult,
  pending,
}: {
  wantsUpdates: boolean
  lastResult: SubmissionResult<string[]> | null
  pending: boolean
}) {
  const [form] = useForm({
    id: 'update-emails',
    lastResult,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: manageSignatureSchema }),
  })
  return (
    <section className="panel" id="update-emails" aria-labelledby="update-emails-heading">
      <h2 id="update-emails-heading">Update emails</h2>
      <p>
        {wantsUpdates
          ? 'You get an email when the organizers post an update about this letter.'
          : 'You get no emails when the organizers post updates. They stay on the letter’s page.'}
      </p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="update-emails" />
        <input type="hidden" name="updates" value={wantsUpdates ? 'unsubscribe' : 'subscribe'} />
        <ErrorList id={form.errorId} errors={form.errors} announce />
        <SubmitButton pending={pending} pendingLabel="Saving…" className="button button--secondary">
          {wantsUpdates ? 'Stop update emails' : 'Email me updates'}
        </SubmitButton>
      </Form>
    </section>
  )
}

function WithdrawForm({
  lastResult,
  pending,
}: {
  lastResult: SubmissionResult<string[]> | null
  pending: boolean
}) {
  const [form] = useForm({
    id: 'withdraw',
    lastResult,
    shouldValidate: 'onSubmit',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: manageSignatureSchema }),
  })
  return (
    <section className="panel manage-withdraw" aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading">Withdraw your signature</h2>
      <p>
        Withdrawing takes your signature off the letter at once: your name leaves the list and the count goes
        down by one. It cannot be undone here; if you change your mind later, contact the organizers.
      </p>
      <Form method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="withdraw" />
        <ErrorList id={form.errorId} errors={form.errors} announce />
        <SubmitButton pending={pending} pendingLabel="Withdrawing…" className="button button--withdraw">
          Withdraw my signature
        </SubmitButton>
      </Form>
    </section>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <>
            <h1>This link does not work</h1>
            <p>
              We know no signature at this address. Check that you copied the whole link from the email; links
              to manage a signature do not expire.
            </p>
          </>
        ),
      }}
    />
  )
}
