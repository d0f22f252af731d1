import type { SignatureFlagKind } from '#db/schema'
import { isFlagKind } from '~/utils/flags'
import { parseWithZod } from '@conform-to/zod'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
} from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton } from '~/components/forms'
import { ModerationQueue, type QueueView } from '~/components/moderation-queue'
import { QUEUE_STATUSES, type QueueFilter, type QueueStatus } from '~/models/moderation-queue.server'
import { getLetterCounts } from '~/models/signature-count.server'
import { moderationSchema, REJECTION_REASONS } from '~/schemas/moderation'
import { wakeOutboxWorker } from '~/services/email-delivery.server'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { moderationFor, type DecisionOutcome } from '~/services/moderation.server'
import { getDb } from '~/utils/db.server'
import { parseIdCursor } from '~/utils/cursor'
import { emailDomain } from '~/utils/email-domain'
import { getEnv } from '~/utils/env.server'
import { formatCount, pluralize } from '~/utils/format'
import { readFormData } from '~/utils/request.server'

const PAGE_SIZE = 50

async function moderationForRequest(request: Request, letterId: string | undefined) {
  const access = await requireLetterAccessFor(request, letterId, 'moderate')
  return { access, moderation: moderationFor(getDb(), access) }
}

function filterFromParams(params: URLSearchParams): QueueFilter {
  const status = params.get('status')
  const text = (name: string, max: number) => params.get(name)?.trim().slice(0, max) || undefined
  return {
    status: QUEUE_STATUSES.includes(status as QueueStatus) ? (status as QueueStatus) : 'confirmed',
    search: text('q', 100),
    profession: text('profession', 100),
    domain: text('domain', 253)?.replace(/^@/, ''),
    flagged: params.get('flagged') === '1' || undefined,
    flagKind: isFlagKind(params.get('flag')) ? (params.get('flag') as SignatureFlagKind) : undefined,
    range: text('range', 64)?.toLowerCase(),
  }
}

function describeDone(code: string | null): string | null {
  const match = code?.match(/^(approved|rejected):(\d{1,6}):(\d{1,6})$/)
  return match
    ? describeOutcome(match[1]!, { decided: Number(match[2]), alreadyDecided: Number(match[3]) })
    : null
}

function describeOutcome(verb: string, { decided, alreadyDecided }: DecisionOutcome) {
  const parts = [`${pluralize(decided, 'signature', 'signatures')} ${verb}.`]
  if (alreadyDecided) {
    parts.push(
      `${pluralize(alreadyDecided, 'was', 'were')} no longer awaiting this decision (someone else decided first) and left as they were.`,
    )
  }
  return parts.join(' ')
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { moderation } = await moderationForRequest(request, params.letterId)
  const submission = parseWithZod(await readFormData(request), { schema: moderationSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), message: null, recount: null }, { status: 400 })
  }
  const value = submission.value
  if (value.intent === 'verify') {
    const verified = await moderation.verify(value.id, value.evidence)
    return data(
      {
        result: submission.reply({ resetForm: true }),
        message: verified
          ? 'Signature verified by a moderator.'
          : 'This signature cannot be verified here (it is not confirmed, or not on this letter).',
        recount: null,
      },
      { status: verified ? 200 : 409 },
    )
  }
  if (value.intent === 'dismiss-flag') {
    const outcome = await moderation.dismissFlag(value.flagId)
    const answers = {
      dismissed: { status: 200, message: 'Flag dismissed.' },
      'already-resolved': {
        status: 409,
        message: 'This flag was already resolved (someone else dealt with it first).',
      },
      'not-found': { status: 404, message: 'There is no such flag on this letter.' },
    } as const
    return data(
      { result: submission.reply({ resetForm: true }), message: answers[outcome].message, recount: null },
      { status: answers[outcome].status },
    )
  }
  const appUrl = getEnv().APP_URL
  const decision =
    value.intent === 'approve' || value.intent === 'approve-all'
      ? ({ kind: 'approve' } as const)
      : ({ kind: 'reject', reason: value.reason, note: value.note } as const)
  const verb = decision.kind === 'approve' ? 'approved' : 'rejected'

  if (value.intent === 'approve' || value.intent === 'reject') {
    const outcome = await moderation.decide(value.ids, decision, appUrl)
    if (outcome.decided) wakeOutboxWorker()
    // Nothing moved: a 409 also keeps the page as it was, so the row stays to show the message.
    return data(
      {
        result: submission.reply({ resetForm: true }),
        message: describeOutcome(verb, outcome),
        recount: null,
      },
      { status: outcome.decided === 0 ? 409 : 200 },
    )
  }

  // "All N matching": the moderator confirmed a number; if the queue moved since, ask again.
  const filter: QueueFilter = {
    status: value.status,
    search: value.q,
    profession: value.profession,
    domain: value.domain,
    flagged: value.flagged || undefined,
    flagKind: value.flag,
    range: value.range,
    maxId: value.maxId,
  }
  const ids = await moderation.listMatchingIds(filter)
  // Newer signatures are left out by maxId; one that left the set changes the number.
  if (ids.length !== value.expected) {
    return data(
      {
        result: submission.reply({
          formErrors: [
            `The queue changed while you looked: ${pluralize(ids.length, 'signature matches', 'signatures match')} now, not ${formatCount(value.expected)}. Check the number and confirm again.`,
          ],
        }),
        message: null,
        recount: ids.length,
      },
      { status: 409 },
    )
  }
  const outcome = await moderation.decide(ids, decision, appUrl)
  if (outcome.decided) wakeOutboxWorker()
  // The message is rebuilt from numbers on the way back, so a link cannot carry a made-up notice.
  const back = new URL(request.url)
  back.searchParams.delete('confirm')
  back.searchParams.set('done', `${verb}:${outcome.decided}:${outcome.alreadyDecided}`)
  return redirect(`${back.pathname}${back.search}`)
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, moderation } = await moderationForRequest(request, params.letterId)
  const url = new URL(request.url)
  const filter = filterFromParams(url.searchParams)
  const [counts, page, professions, flagged] = await Promise.all([
    getLetterCounts(getDb(), access.letter.id),
    moderation.listQueue(filter, {
      after: parseIdCursor(url.searchParams.get('after')),
      pageSize: PAGE_SIZE,
    }),
    moderation.listProfessions(filter.status),
    moderation.countFlagged(),
  ])
  const confirm = url.searchParams.get('confirm')
  const matching =
    confirm === 'approve' || confirm === 'reject' ? await moderation.listMatchingIds(filter) : null
  const bulk = matching
    ? { kind: confirm as 'approve' | 'reject', count: matching.length, maxId: matching.at(-1) ?? 0 }
    : null
  const view: QueueView = {
    letterId: access.letter.id,
    filter,
    counts: Object.fromEntries(
      QUEUE_STATUSES.map((status) => [status, counts[status]]),
    ) as QueueView['counts'],
    // Only the domain leaves the server: the page needs no one's full address.
    rows: page.rows.map(({ email, ...row }) => ({
      ...row,
      emailDomain: emailDomain(email) ?? '',
    })),
    nextCursor: page.nextCursor,
    professions,
    flaggedCounts: flagged,
    listingRequires: access.letter.listing_requires,
  }
  return { view, bulk, done: describeDone(url.searchParams.get('done')) }
}

// When a decision moved nothing (someone else decided first), keep the rows on screen so the
// moderator sees the message on the row they acted on.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? false : defaultShouldRevalidate

export default function ModerationQueuePage() {
  const { view, bulk, done } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const filterParams = new URLSearchParams()
  filterParams.set('status', view.filter.status)
  if (view.filter.search) filterParams.set('q', view.filter.search)
  if (view.filter.profession) filterParams.set('profession', view.filter.profession)
  if (view.filter.domain) filterParams.set('domain', view.filter.domain)
  if (view.filter.flagged) filterParams.set('flagged', '1')
  if (view.filter.flagKind) filterParams.set('flag', view.filter.flagKind)
  if (view.filter.range) filterParams.set('range', view.filter.range)

  // Refusals of a plain-form post (nothing selected, no note for "Other"): with JavaScript the
  // row's own fetcher shows them; without it, they are shown here.
  const refusals =
    actionData?.result && 'error' in actionData.result
      ? Object.values(actionData.result.error ?? {})
          .flat()
          .filter((message): message is string => Boolean(message))
      : []

  return (
    <>
      <div role="status" aria-live="polite" className="queue-status">
        {actionData?.message || done ? <p className="notice">{actionData?.message ?? done}</p> : null}
      </div>
      {!bulk ? <ErrorList errors={refusals} announce /> : null}
      {bulk ? (
        <BulkConfirmation
          kind={bulk.kind}
          maxId={bulk.maxId}
          count={actionData?.recount ?? bulk.count}
          filter={view.filter}
          cancelHref={`?${filterParams}`}
          errors={
            actionData?.result && 'error' in actionData.result ? actionData.result.error?.[''] : undefined
          }
        />
      ) : null}
      <ModerationQueue view={view} actionMessage={actionData?.message ?? null} />
    </>
  )
}

function BulkConfirmation({
  kind,
  maxId,
  count,
  filter,
  cancelHref,
  errors,
}: {
  kind: 'approve' | 'reject'
  maxId: number
  count: number
  filter: QueueFilter
  cancelHref: string
  errors?: string[] | null
}) {
  const verb = kind === 'approve' ? 'Approve' : 'Reject'
  const navigation = useNavigation()
  return (
    <section className="panel bulk-confirm" aria-labelledby="bulk-confirm-heading">
      <h2 id="bulk-confirm-heading" tabIndex={-1} autoFocus>
        {verb} all {pluralize(count, 'signature', 'signatures')} matching this filter?
      </h2>
      <ErrorList errors={errors} announce />
      {count === 0 ? (
        <p>Nothing matches this filter.</p>
      ) : (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value={`${kind}-all`} />
          <input type="hidden" name="expected" value={count} />
          <input type="hidden" name="maxId" value={maxId} />
          <input type="hidden" name="status" value={filter.status} />
          {filter.search ? <input type="hidden" name="q" value={filter.search} /> : null}
          {filter.profession ? <input type="hidden" name="profession" value={filter.profession} /> : null}
          {filter.domain ? <input type="hidden" name="domain" value={filter.domain} /> : null}
          {filter.flagged ? <input type="hidden" name="flagged" value="1" /> : null}
          {filter.flagKind ? <input type="hidden" name="flag" value={filter.flagKind} /> : null}
          {filter.range ? <input type="hidden" name="range" value={filter.range} /> : null}
          {kind === 'reject' ? (
            <div className="field">
              <label htmlFor="bulk-reason">Reason</label>
              <select id="bulk-reason" name="reason" defaultValue="not-eligible">
                {Object.entries(REJECTION_REASONS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
              <label htmlFor="bulk-note">Note (required for “Other”)</label>
              <input id="bulk-note" type="text" name="note" maxLength={500} />
            </div>
          ) : null}
          <p>
            This decides {pluralize(count, 'signature', 'signatures')} at once
            {kind === 'approve' ? ' and lists them on the public page' : ''}. You can reverse a decision
            later, one signature at a time or in bulk.
          </p>
          <div className="button-row">
            <SubmitButton pending={navigation.state === 'submitting'} pendingLabel="Working…">
              {verb} {formatCount(count)}
            </SubmitButton>
            <Link to={cancelHref}>Cancel</Link>
          </div>
        </Form>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
