import { getFormProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import {
  data,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import type { BlockRuleKind } from '#db/schema'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ErrorList, SubmitButton, TextareaField, TextField, RowActionForm } from '~/components/forms'
import {
  addBlockRuleSchema,
  addWatchlistNamesSchema,
  removeBlockRuleSchema,
  removeWatchlistNameSchema,
  TREND_WINDOW_HOURS,
  WATCHLIST_NAMES_PER_ADD,
} from '~/schemas/protection'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { protectionFor, serverBlockSchemas, type TrendSource } from '~/services/protection.server'
import { getDb } from '~/utils/db.server'
import { formatCount, pluralize } from '~/utils/format'
import { BLOCK_RULE_KIND_LABELS } from '~/utils/quarantine'
import { readFormData } from '~/utils/request.server'
import { formatDateTime } from '~/utils/time'
import adminRecordsStyles from '~/styles/admin-records.css'
import protectionStyles from '~/styles/protection.css'

const DEFAULT_WINDOW_HOURS = 6

const sourceWords: Record<BlockRuleKind, string> = {
  'ip-range': 'network',
  domain: 'domain',
  email: 'address',
}

async function protectionForRequest(request: Request, letterId: string | undefined) {
  const access = await requireLetterAccessFor(request, letterId, 'moderate')
  return { access, protection: protectionFor(getDb(), access) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { protection } = await protectionForRequest(request, params.letterId)
  const formData = await readFormData(request)
  const intent = formData.get('intent')
  const answer = (
    replyIntent: string,
    result: SubmissionResult<string[]>,
    notice: string | null,
    status = 200,
  ) => data({ intent: replyIntent, result, notice }, { status })

  if (intent === 'block') {
    const submission = parseWithZod(formData, { schema: serverBlockSchemas.blockSource })
    if (submission.status !== 'success') return answer('block', submission.reply(), null, 400)
    const { kind, value } = submission.value
    const outcome = await protection.addBlockRule({ kind, value, note: null })
    if (outcome.kind === 'duplicate') {
      return answer('block', submission.reply(), `${value} was already blocked: nothing changed.`, 409)
    }
    return answer(
      'block',
      submission.reply({ resetForm: true }),
      `Blocked ${value}: new signatures from this ${sourceWords[kind]} wait under Suspected, and the signer sees nothing different. Signatures already in are unchanged: review them in the queue.`,
    )
  }

  if (intent === 'remove-rule') {
    const submission = parseWithZod(formData, { schema: removeBlockRuleSchema })
    if (submission.status !== 'success') return answer('remove-rule', submission.reply(), null, 400)
    const removed = await protection.removeBlockRule(submission.value.ruleId)
    if (!removed) {
      return answer(
        'remove-rule',
        submission.reply({ formErrors: ['That rule was already removed (perhaps by someone else).'] }),
        null,
        409,
      )
    }
    return answer(
      'remove-rule',
      submission.reply({ resetForm: true }),
      `${removed.value} is no longer blocked. Signatures it held stay under Suspected until someone decides.`,
    )
  }

  if (intent === 'add-names') {
    const submission = parseWithZod(formData, { schema: addWatchlistNamesSchema })
    if (submission.status !== 'success') return answer('add-names', submission.reply(), null, 400)
    const { added, alreadyListed } = await protection.addWatchlistNames(submission.value.names)
    const already = alreadyListed.length ? `Already on it: ${alreadyListed.join(', ')}.` : ''
    if (!added.length) {
      return answer(
        'add-names',
        submission.reply({
          fieldErrors: { names: [`Every one of these is already on the watchlist. ${already}`] },
        }),
        null,
        400,
      )
    }
    return answer(
      'add-names',
      submission.reply({ resetForm: true }),
      `Added ${pluralize(added.length, 'name', 'names')} to the watchlist. ${already}`.trim(),
    )
  }

  if (intent === 'remove-name') {
    const submission = parseWithZod(formData, { schema: removeWatchlistNameSchema })
    if (submission.status !== 'success') return answer('remove-name', submission.reply(), null, 400)
    const removed = await protection.removeWatchlistName(submission.value.nameId)
    if (!removed) {
      return answer(
        'remove-name',
        submission.reply({ formErrors: ['That name was already removed (perhaps by someone else).'] }),
        null,
        409,
      )
    }
    return answer('remove-name', submission.reply(), `${removed.name} is no longer on the watchlist.`)
  }

  // The add-rule form (and anything unrecognizable, which then fails its validation).
  const submission = parseWithZod(formData, { schema: serverBlockSchemas.addRule })
  if (submission.status !== 'success') return answer('add-rule', submission.reply(), null, 400)
  const outcome = await protection.addBlockRule(submission.value)
  if (outcome.kind === 'duplicate') {
    return answer(
      'add-rule',
      submission.reply({
        fieldErrors: {
          value: [
            `${submission.value.value} is already blocked (${BLOCK_RULE_KIND_LABELS[submission.value.kind].toLowerCase()}).`,
          ],
        },
      }),
      null,
      400,
    )
  }
  return answer(
    'add-rule',
    submission.reply({ resetForm: true }),
    `Blocked ${outcome.rule.value}: new signatures matching it wait under Suspected, and the signer sees nothing different.`,
  )
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { access, protection } = await protectionForRequest(request, params.letterId)
  const asked = Number(new URL(request.url).searchParams.get('hours'))
  const hours = (TREND_WINDOW_HOURS as readonly number[]).includes(asked) ? asked : DEFAULT_WINDOW_HOURS
  const [trends, rules, names] = await Promise.all([
    protection.trends(hours),
    protection.listBlockRules(),
    protection.listWatchlist(),
  ])
  return {
    letterId: access.letter.id,
    letterTitle: access.letter.title,
    // Where a busy source's signatures wait: the review tab, or the approved one when nobody reviews.
    queueStatus: access.letter.moderation_required ? 'confirmed' : 'approved',
    trends,
    rules: rules.map((rule) => ({
      id: rule.id,
      kind: rule.kind,
      value: rule.value,
      note: rule.note,
      createdAt: rule.created_at,
    })),
    names: names.map((entry) => ({ id: entry.id, name: entry.name })),
  }
}

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: adminRecordsStyles },
  { rel: 'stylesheet', href: protectionStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Protection · ${data?.letterTitle ?? 'Letter'} · Undersigned admin` },
]

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

export default function LetterProtection() {
  const { trends, rules, names } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const rowErrors =
    actionData && (actionData.intent === 'remove-rule' || actionData.intent === 'remove-name')
      ? Object.values(actionData.result.error ?? {}).flatMap((errors) => errors ?? [])
      : null

  return (
    <div className="protection">
      <div role="status" aria-live="polite">
        {actionData?.notice ? <p className="notice">{actionData.notice}</p> : null}
      </div>
      <ErrorList errors={rowErrors} announce />
      <Trends trends={trends} />
      <BlockRules rules={rules} />
      <Watchlist names={names} />
    </div>
  )
}

function Trends({ trends }: { trends: LoaderData['trends'] }) {
  const { perHour, windowHours } = trends
  const total = perHour.reduce((sum, entry) => sum + entry.count, 0)
  const busiest = perHour.reduce((best, entry) => (entry.count > best.count ? entry : best), perHour[0]!)
  const peak = Math.max(1, busiest.count)
  const summary = total
    ? `${pluralize(total, 'signature', 'signatures')} in the last 48 hours; the busiest hour, from ${formatDateTime(busiest.hour)}, had ${formatCount(busiest.count)}.`
    : 'No signatures in the last 48 hours.'
  return (
    <section aria-labelledby="trends-heading" className="protection__section">
      <h2 id="trends-heading">Recent activity</h2>
      <figure className="hourly">
        <figcaption>
          <strong>Signatures per hour</strong>, last 48 hours (UTC). {summary}
        </figcaption>
        <svg
          className="hourly__chart"
          viewBox="0 0 480 100"
          preserveAspectRatio="none"
          role="img"
          aria-label={`Bar chart: ${summary}`}
        >
          {perHour.map((entry, index) => {
            const height = entry.count ? Math.max(2, (entry.count / peak) * 100) : 0
            return (
              <rect key={entry.hour} x={index * 10 + 1} y={100 - height} width={8} height={height}>
                <title>{`${formatDateTime(entry.hour)}: ${formatCount(entry.count)}`}</title>
              </rect>
            )
          })}
        </svg>
        <div className="hourly__axis" aria-hidden="true">
          <span>48 hours ago</span>
          <span>this hour</span>
        </div>
      </figure>
      <details className="hourly__numbers">
        <summary>Hour by hour</summary>
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Signatures per hour, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Hour from</th>
                <th scope="col" className="numeric">
                  Signatures
                </th>
              </tr>
            </thead>
            <tbody>
              {[...perHour].reverse().map((entry) => (
                <tr key={entry.hour}>
                  <th scope="row">
                    <time dateTime={entry.hour}>{formatDateTime(entry.hour)}</time>
                  </th>
                  <td className="numeric">{formatCount(entry.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>

      <Form method="get" className="filter-form" aria-label="Time window for the busiest sources">
        <label>
          Busiest sources in the last
          <select name="hours" defaultValue={String(windowHours)}>
            {TREND_WINDOW_HOURS.map((hours) => (
              <option key={hours} value={hours}>
                {hours === 1 ? 'hour' : `${hours} hours`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--secondary button--small">
          Show
        </button>
      </Form>
      <p className="muted measure">
        Networks are the first three parts of an IPv4 address (/24) or of an IPv6 one (/48). Each link opens
        the moderation queue filtered on it, where “Reject all matching…” rejects them after you confirm the
        number. “Block” quarantines new signatures from it from now on.
      </p>
      <div className="sources">
        <SourceTable
          kind="ip-range"
          title={`Busiest networks, last ${windowHours === 1 ? 'hour' : `${windowHours} hours`}`}
          sources={trends.ranges}
        />
        <SourceTable
          kind="domain"
          title={`Busiest email domains, last ${windowHours === 1 ? 'hour' : `${windowHours} hours`}`}
          sources={trends.domains}
        />
      </div>
    </section>
  )
}

function SourceTable({
  kind,
  title,
  sources,
}: {
  kind: 'ip-range' | 'domain'
  title: string
  sources: TrendSource[]
}) {
  const { letterId, queueStatus } = useLoaderData<typeof loader>()
  const location = useLocation()
  const navigation = useNavigation()
  const headingId = `sources-${kind}`
  const param = kind === 'ip-range' ? 'range' : 'domain'
  return (
    <section aria-labelledby={headingId} className="sources__list">
      <h3 id={headingId}>{title}</h3>
      {sources.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{kind === 'ip-range' ? 'Network' : 'Domain'}</th>
              <th scope="col" className="numeric">
                Signatures
              </th>
              <th scope="col">
                <span className="visually-hidden">Block</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sources.map((source) => {
              const pending =
                navigation.state === 'submitting' && navigation.formData?.get('value') === source.value
              return (
                <tr key={source.value}>
                  <th scope="row" className="sources__value">
                    <Link
                      to={`/admin/letters/${letterId}/queue?status=${queueStatus}&${param}=${encodeURIComponent(source.value)}`}
                      aria-label={`${source.value}: review in the queue`}
                    >
                      {source.value}
                    </Link>
                  </th>
                  <td className="numeric">{formatCount(source.count)}</td>
                  <td>
                    {source.blocked ? (
                      <span className="tag tag--blocked">Blocked</span>
                    ) : (
                      <Form
                        method="post"
                        action={`${location.pathname}${location.search}`}
                        className="row-form"
                      >
                        <input type="hidden" name="kind" value={kind} />
                        <input type="hidden" name="value" value={source.value} />
                        <SubmitButton
                          name="intent"
                          value="block"
                          pending={pending}
                          pendingLabel="Blocking…"
                          className="button button--small button--secondary"
                        >
                          <span aria-hidden="true">Block</span>
                          <span className="visually-hidden">Block {source.value}</span>
                        </SubmitButton>
                      </Form>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">None in this window.</p>
      )}
    </section>
  )
}

function BlockRules({ rules }: { rules: LoaderData['rules'] }) {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const pendingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const [form, fields] = useForm({
    id: 'add-rule',
    lastResult: actionData?.intent === 'add-rule' ? actionData.result : undefined,
    defaultValue: { kind: 'ip-range' },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addBlockRuleSchema() }),
  })
  return (
    <section aria-labelledby="rules-heading" className="protection__section">
      <h2 id="rules-heading">Block rules</h2>
      <p className="muted measure">
        A signature matching a rule is quarantined silently: the signer sees the usual page and gets no email,
        and the signature waits under Suspected, never listed or counted, until a moderator releases or
        discards it. A domain rule covers its subdomains too.
      </p>
      {rules.length ? (
        <div className="table-scroll">
          <table className="data-table stacking-table">
            <caption className="visually-hidden">This letter’s block rules</caption>
            <thead>
              <tr>
                <th scope="col">Blocked</th>
                <th scope="col">Kind</th>
                <th scope="col">Note</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.map((rule) => (
                <tr key={rule.id}>
                  <th scope="row" className="sources__value">
                    {rule.value}
                  </th>
                  <td data-label="Kind">{BLOCK_RULE_KIND_LABELS[rule.kind]}</td>
                  <td data-label="Note">{rule.note ?? <span className="muted">—</span>}</td>
                  <td data-label="Since">
                    <time dateTime={rule.createdAt}>{formatDateTime(rule.createdAt)}</time>
                  </td>
                  <td>
                    <RowActionForm
                      idName="ruleId"
                      id={rule.id}
                      intent="remove-rule"
                      label={`Remove the rule for ${rule.value}`}
                    >
                      Remove
                    </RowActionForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="notice">No block rules: only the rate limits hold signatures back.</p>
      )}

      <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
        <h3>Add a rule</h3>
        <ErrorList id={form.errorId} errors={form.errors} announce />
        <div className={`field${fields.kind.errors?.length ? ' field--invalid' : ''}`}>
          <label htmlFor={fields.kind.id}>What to block</label>
          <select
            {...getSelectProps(fields.kind, { ariaAttributes: false })}
            aria-invalid={fields.kind.errors?.length ? true : undefined}
            aria-describedby={fields.kind.errors?.length ? fields.kind.errorId : undefined}
          >
            {Object.entries(BLOCK_RULE_KIND_LABELS).map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
          <ErrorList id={fields.kind.errorId} errors={fields.kind.errors} />
        </div>
        <TextField
          label="Value"
          field={fields.value}
          hint="An IP address or range (203.0.113.7, 203.0.113.0/24, 2001:db8:1::/48), a domain (spam.example), or one email address"
          autoComplete="off"
        />
        <TextField
          label="Note for the team"
          field={fields.note}
          optional
          hint="Why, so others know later"
          autoComplete="off"
        />
        <SubmitButton
          pending={pendingIntent === 'add-rule'}
          pendingLabel="Adding…"
          name="intent"
          value="add-rule"
        >
          Add the rule
        </SubmitButton>
      </Form>
    </section>
  )
}

function Watchlist({ names }: { names: LoaderData['names'] }) {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const pendingIntent = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null
  const [form, fields] = useForm({
    id: 'add-names',
    lastResult: actionData?.intent === 'add-names' ? actionData.result : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addWatchlistNamesSchema }),
  })
  return (
    <section aria-labelledby="watchlist-heading" className="protection__section">
      <h2 id="watchlist-heading">Watchlist of notable names</h2>
      <p className="muted measure">
        Well-known people whose fake signatures would embarrass the letter. A signature whose name matches one
        of these, in any order or case, is flagged, and <strong>a match always needs a moderator</strong>: it
        waits in the queue even when the letter needs no review, until someone checks it is really them.
      </p>
      {names.length ? (
        <ul className="watchlist">
          {names.map((entry) => (
            <li key={entry.id}>
              <span>{entry.name}</span>
              <RowActionForm
                idName="nameId"
                id={entry.id}
                intent="remove-name"
                label={`Remove ${entry.name} from the watchlist`}
              >
                Remove
              </RowActionForm>
            </li>
          ))}
        </ul>
      ) : (
        <p className="notice">No names on the watchlist yet.</p>
      )}
      <Form method="post" {...getFormProps(form)} noValidate className="panel stack">
        <h3>Add names</h3>
        <ErrorList id={form.errorId} errors={form.errors} announce />
        <TextareaField
          label="Names, one per line"
          field={fields.names}
          rows={4}
          hint={`Up to ${WATCHLIST_NAMES_PER_ADD} at once; names already on the list are skipped.`}
        />
        <SubmitButton
          pending={pendingIntent === 'add-names'}
          pendingLabel="Adding…"
          name="intent"
          value="add-names"
        >
          Add to the watchlist
        </SubmitButton>
      </Form>
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
