import { parseWithZod } from '@conform-to/zod'
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  type ShouldRevalidateFunction,
} from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList } from '~/components/forms'
import { SUSPECTED_COUNT_CAP } from '~/models/quarantine.server'
import { reviewSuspectedSchema, SUSPECTED_PAGE_SIZE } from '~/schemas/suspected'
import { wakeOutboxWorker } from '~/services/email-delivery.server'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import type { DecisionOutcome } from '~/services/moderation.server'
import { suspectedFor, type ReleaseOutcome } from '~/services/suspected.server'
import { parseIdCursor } from '~/utils/cursor'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { formatCount, pluralize } from '~/utils/format'
import { QUARANTINE_REASON_LABELS } from '~/utils/quarantine'
import { readFormData } from '~/utils/request.server'
import { formatDateTime } from '~/utils/time'
import adminRecordsStyles from '~/styles/admin-records.css'
import protectionStyles from '~/styles/protection.css'
import { SelectAllHeader, useHydrated, useRowSelection } from '~/components/row-selection'

function someoneElseFirst(count: number) {
  return `${pluralize(count, 'was', 'were')} no longer suspected (someone else released or discarded ${count === 1 ? 'it' : 'them'} first) and left as ${count === 1 ? 'it was' : 'they were'}.`
}

function describeRelease({ released, notEmailed, alreadyHandled }: ReleaseOutcome) {
  const parts = [
    released
      ? `Released ${pluralize(released, 'signature', 'signatures')}: ${released === 1 ? 'its signer was' : 'each signer was'} sent the confirmation email, and confirms as anyone else.`
      : 'Nothing was released.',
  ]
  if (notEmailed) {
    parts.push(
      `${pluralize(notEmailed, 'address', 'addresses')} had too much mail lately, so no email went out now; signing again sends a new link.`,
    )
  }
  if (alreadyHandled) parts.push(`${someoneElseFirst(alreadyHandled)}`)
  return parts.join(' ')
}

function describeDiscard({ decided, alreadyDecided }: DecisionOutcome) {
  const parts = [
    decided
      ? `Discarded ${pluralize(decided, 'signature', 'signatures')} as fake: ${decided === 1 ? 'it is' : 'they are'} under Rejected in the moderation queue, and nothing was sent to ${decided === 1 ? 'its address' : 'their addresses'}.`
      : 'Nothing was discarded.',
  ]
  if (alreadyDecided) parts.push(someoneElseFirst(alreadyDecided))
  return parts.join(' ')
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireLetterAccessFor(request, params.letterId, 'moderate')
  const suspected = suspectedFor(getDb(), access)
  const submission = parseWithZod(await readFormData(request), { schema: reviewSuspectedSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), message: null }, { status: 400 })
  }
  const env = getEnv()
  const { intent, ids } = submission.value
  if (intent === 'release') {
    const outcome = await suspected.release(ids, {
      appUrl: env.APP_URL,
      confirmationTtlHours: env.CONFIRMATION_TTL_HOURS,
    })
    if (outcome.released) wakeOutboxWorker()
    // Nothing moved: someone else was first. A 409, and the page reloads to show where things stand.
    return data(
      { result: submission.reply({ resetForm: true }), message: describeRelease(outcome) },
      { status: outcome.released ? 200 : 409 },
    )
  }
  const outcome = await suspected.discard(ids, env.APP_URL)
  return data(
    { result: submission.reply({ resetForm: true }), message: describeDiscard(outcome) },
    { status: outcome.decided ? 200 : 409 },
  )
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireLetterAccessFor(request, params.letterId, 'moderate')
  const suspected = suspectedFor(getDb(), access)
  const before = parseIdCursor(new URL(request.url).searchParams.get('before'))
  const [page, count] = await Promise.all([
    suspected.list({ before, pageSize: SUSPECTED_PAGE_SIZE }),
    suspected.count(),
  ])
  return {
    letterId: access.letter.id,
    letterTitle: access.letter.title,
    showsEmail: suspected.showsEmail,
    rows: page.rows,
    nextCursor: page.nextCursor,
    paged: before !== undefined,
    count,
  }
}

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: adminRecordsStyles },
  { rel: 'stylesheet', href: protectionStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Suspected · ${data?.letterTitle ?? 'Letter'} · Undersigned admin` },
]

// After a 409 the rows on screen are stale: reload them, unlike the queue, which keeps them.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 || defaultShouldRevalidate

export default function SuspectedSignatures() {
  const { letterId, rows, nextCursor, paged, count, showsEmail } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const location = useLocation()
  const hydrated = useHydrated()
  const selection = useRowSelection([location.search, actionData])
  const { selected, toggle } = selection
  const actionUrl = `${location.pathname}${location.search}`
  const pendingIds = navigation.state === 'submitting' ? navigation.formData?.getAll('ids') : undefined
  const refusals =
    actionData?.result && 'error' in actionData.result
      ? Object.values(actionData.result.error ?? {})
          .flat()
          .filter((message): message is string => Boolean(message))
      : []

  return (
    <section aria-labelledby="suspected-heading" className="suspected">
      <h2 id="suspected-heading">
        Suspected signatures{' '}
        <span className="muted">
          ({count > SUSPECTED_COUNT_CAP ? `${formatCount(SUSPECTED_COUNT_CAP)}+` : formatCount(count)})
        </span>
      </h2>
      <p className="muted measure">
        Held back at signing because they came too fast from one address or matched a{' '}
        <Link to={`/admin/letters/${letterId}/protection`}>block rule</Link>. The signer saw the usual page
        and got no email; nothing here is listed or counted. <strong>Release</strong> sends the confirmation
        email, and the signer confirms as anyone else. <strong>Discard</strong> rejects the signature as fake
        without writing to the address.
      </p>
      <div role="status" aria-live="polite">
        {actionData?.message ? <p className="notice">{actionData.message}</p> : null}
      </div>
      <ErrorList errors={refusals} announce />

      {rows.length ? (
        <>
          <Form
            method="post"
            action={actionUrl}
            id="suspected-bulk"
            className="bulk-bar"
            aria-label="Decide selected signatures"
          >
            <span className="bulk-bar__count" aria-live="polite">
              {hydrated ? `${selected.size} selected` : 'Select signatures below, then:'}
            </span>
            <button
              type="submit"
              name="intent"
              value="release"
              className="button button--small button--primary"
            >
              Release selected
            </button>
            <button
              type="submit"
              name="intent"
              value="discard"
              className="button button--small button--secondary"
            >
              Discard selected
            </button>
          </Form>
          <div className="table-scroll">
            <table className="data-table stacking-table suspect-table">
              <caption className="visually-hidden">
                Suspected signatures, newest first: {rows.length} shown
              </caption>
              <thead>
                <tr>
                  <SelectAllHeader
                    hydrated={hydrated}
                    rowIds={rows.map((row) => row.id)}
                    selection={selection}
                  />
                  <th scope="col">Signer</th>
                  <th scope="col">{showsEmail ? 'Email' : 'Email domain'}</th>
                  <th scope="col">Network</th>
                  <th scope="col">Why</th>
                  <th scope="col">Held since</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const nameId = `suspect-${row.id}`
                  return (
                    <tr
                      key={row.id}
                      aria-labelledby={nameId}
                      className={pendingIds?.includes(String(row.id)) ? 'is-pending' : undefined}
                    >
                      <td className="suspect-table__select">
                        <input
                          type="checkbox"
                          name="ids"
                          value={row.id}
                          form="suspected-bulk"
                          checked={selected.has(row.id)}
                          onChange={(event) => toggle(row.id, event.target.checked)}
                          aria-label={`Select ${row.name}`}
                        />
                      </td>
                      <td>
                        <strong id={nameId}>{row.name}</strong>
                        <div>
                          {row.profession}, {row.organization}
                        </div>
                        <div className="muted">{row.location}</div>
                      </td>
                      <td
                        data-label={showsEmail ? 'Email' : 'Email domain'}
                        className="suspect-table__address"
                      >
                        {row.email ?? row.emailDomain}
                      </td>
                      <td data-label="Network" className="suspect-table__address">
                        {row.ip_range ?? <span className="muted">unknown</span>}
                      </td>
                      <td data-label="Why">{QUARANTINE_REASON_LABELS[row.quarantine_reason]}</td>
                      <td data-label="Held since">
                        <time dateTime={row.quarantined_at}>{formatDateTime(row.quarantined_at)}</time>
                      </td>
                      <td>
                        <Form method="post" action={actionUrl} className="row-actions">
                          <input type="hidden" name="ids" value={row.id} />
                          <button
                            type="submit"
                            name="intent"
                            value="release"
                            className="button button--small button--primary"
                            aria-label={`Release ${row.name}`}
                          >
                            Release
                          </button>
                          <button
                            type="submit"
                            name="intent"
                            value="discard"
                            className="button button--small button--secondary"
                            aria-label={`Discard ${row.name}`}
                          >
                            Discard
                          </button>
                        </Form>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
          {nextCursor !== null || paged ? (
            <p className="pagination">
              {paged ? <Link to=".">← Newest</Link> : <span />}
              {nextCursor !== null ? <Link to={`?before=${nextCursor}`}>Older →</Link> : null}
            </p>
          ) : null}
        </>
      ) : (
        <p className="notice">
          {paged
            ? 'Nothing older is held back.'
            : 'Nothing is held back. Signatures over a rate limit or matching a block rule wait here.'}
        </p>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
