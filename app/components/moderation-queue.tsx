import { Form, Link, useFetcher, useLocation, useNavigation } from '@remix-run/react'
import { useRef, useState, type KeyboardEvent } from 'react'
import { SubmitButton } from '~/components/forms'
import type { QueueFilter, QueueRow, QueueStatus } from '~/models/moderation-queue.server'
import { REJECTION_REASONS } from '~/schemas/moderation'
import { formatCount } from '~/utils/format'
import { formatDateTime } from '~/utils/time'
import { describeFlag, FLAG_KIND_LABELS } from '~/utils/flags'
import { meetsListingRequirement, VERIFICATION_LEVEL_LABELS } from '~/utils/verification'
import type { ListingRequirement } from '#db/schema'
import { SelectAllHeader, useHydrated, useRowSelection } from '~/components/row-selection'

export type QueueView = {
  letterId: number
  filter: QueueFilter
  counts: Record<QueueStatus, number>
  rows: Array<Omit<QueueRow, 'email'> & { emailDomain: string }>
  nextCursor: number | null
  professions: string[]
  /** Signatures with an open flag, per tab. */
  flaggedCounts: Record<QueueStatus, number>
  /** The letter's listing requirement: rows below it are not public, whatever their status. */
  listingRequires: ListingRequirement
}

const tabLabels: Record<QueueStatus, string> = {
  confirmed: 'Awaiting review',
  approved: 'Approved',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  unconfirmed: 'Unconfirmed',
}

export function ModerationQueue({ view, actionMessage }: { view: QueueView; actionMessage: string | null }) {
  const { filter, rows } = view
  const location = useLocation()
  const hydrated = useHydrated()
  const actionUrl = `${location.pathname}${location.search}`
  const selection = useRowSelection([location.search, actionMessage])
  const { selected, toggle } = selection
  const [current, setCurrent] = useState(0)
  const tableRef = useRef<HTMLTableSectionElement>(null)
  const canApprove = filter.status === 'confirmed' || filter.status === 'rejected'
  const canReject = filter.status === 'confirmed' || filter.status === 'approved'
  const filtered = Boolean(
    filter.search || filter.profession || filter.domain || filter.range || filter.flagged || filter.flagKind,
  )
  const flaggedTabs = (Object.keys(tabLabels) as QueueStatus[])
    .map((status) => [status, view.flaggedCounts[status]] as const)
    .filter(([, count]) => count > 0)

  const filterParams = (extra: Record<string, string> = {}) => {
    const params = new URLSearchParams()
    params.set('status', filter.status)
    if (filter.search) params.set('q', filter.search)
    if (filter.profession) params.set('profession', filter.profession)
    if (filter.domain) params.set('domain', filter.domain)
    if (filter.flagged) params.set('flagged', '1')
    if (filter.flagKind) params.set('flag', filter.flagKind)
    if (filter.range) params.set('range', filter.range)
    for (const [key, value] of Object.entries(extra)) params.set(key, value)
    return `?${params}`
  }

  const rowElements = () =>
    Array.from(tableRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-row-id]') ?? [])
  const focusRow = (index: number) => {
    const all = rowElements()
    if (!all.length) return
    const next = Math.max(0, Math.min(index, all.length - 1))
    setCurrent(next)
    all[next]!.focus()
  }

  // j/k move, a approves, r opens the rejection form, x selects: only when a row has focus,
  // so typing in the filter or a note is never taken for a command.
  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const target = event.target as HTMLElement
    if (!target.matches('tr[data-row-id]') || event.metaKey || event.ctrlKey || event.altKey) return
    const index = rowElements().indexOf(target as HTMLTableRowElement)
    switch (event.key) {
      case 'j':
        focusRow(index + 1)
        break
      case 'k':
        focusRow(index - 1)
        break
      case 'a': {
        // The approved row leaves at once; focus goes to its neighbour so j/k keep working.
        const rows = rowElements()
        const neighbour = rows[index + 1] ?? rows[index - 1]
        target.querySelector<HTMLButtonElement>('button[value="approve"]')?.click()
        neighbour?.focus()
        break
      }
      case 'r': {
        const details = target.querySelector<HTMLDetailsElement>('details:not(.verify-details)')
        if (details) {
          details.open = true
          details.querySelector('select')?.focus()
        }
        break
      }
      case 'x':
        target.querySelector<HTMLInputElement>('input[type="checkbox"]')?.click()
        break
      default:
        return
    }
    event.preventDefault()
  }

  return (
    <section aria-labelledby="queue-heading" className="queue">
      <h2 id="queue-heading" className="visually-hidden">
        Moderation queue
      </h2>
      <nav className="tabs tabs--small" aria-label="Signature states">
        {(Object.keys(tabLabels) as QueueStatus[]).map((status) => (
          <Link
            key={status}
            to={`?status=${status}`}
            aria-current={status === filter.status ? 'page' : undefined}
            className={status === filter.status ? 'active' : undefined}
          >
            {tabLabels[status]} <span className="tabs__count">{formatCount(view.counts[status])}</span>
          </Link>
        ))}
      </nav>

      {/* Keyed by the filter: a link that changes it (a tab, "Open flags") must reset the fields. */}
      <Form
        key={JSON.stringify(filter)}
        method="get"
        className="queue-filters"
        role="search"
        aria-label="Filter signatures"
      >
        <input type="hidden" name="status" value={filter.status} />
        <div className="field">
          <label htmlFor="queue-search">Name, email or organization</label>
          <input id="queue-search" type="search" name="q" defaultValue={filter.search} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="queue-profession">Profession</label>
          <select id="queue-profession" name="profession" defaultValue={filter.profession ?? ''}>
            <option value="">Any profession</option>
            {view.professions.map((profession) => (
              <option key={profession} value={profession}>
                {profession}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="queue-domain">Email domain</label>
          <input
            id="queue-domain"
            type="text"
            name="domain"
            defaultValue={filter.domain}
            placeholder="lacounty.gov"
          />
        </div>
        <div className="field">
          <label htmlFor="queue-range">IP range</label>
          <input
            id="queue-range"
            type="text"
            name="range"
            defaultValue={filter.range}
            placeholder="203.0.113.0/24"
          />
        </div>
        <div className="field">
          <label htmlFor="queue-flag-kind">Kind of flag</label>
          <select id="queue-flag-kind" name="flag" defaultValue={filter.flagKind ?? ''}>
            <option value="">Any or none</option>
            {Object.entries(FLAG_KIND_LABELS).map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <label className="choice queue-filters__flagged">
          <input type="checkbox" name="flagged" value="1" defaultChecked={filter.flagged ?? false} />
          <span>Flagged only</span>
        </label>
        <button type="submit" className="button button--secondary">
          Filter
        </button>
        {filtered ? <Link to={`?status=${filter.status}`}>Clear</Link> : null}
      </Form>

      {flaggedTabs.length ? (
        <p className="queue-flagged-summary">
          Open flags:{' '}
          {flaggedTabs.map(([status, count], index) => (
            <span key={status}>
              {index ? ', ' : ''}
              <Link to={`?status=${status}&flagged=1`}>
                {formatCount(count)} {tabLabels[status].toLowerCase()}
              </Link>
            </span>
          ))}
        </p>
      ) : null}

      {rows.length ? (
        <>
          <Form
            method="post"
            action={actionUrl}
            id="bulk-form"
            className="bulk-bar"
            aria-label="Decide selected signatures"
          >
            <span className="bulk-bar__count" aria-live="polite">
              {hydrated ? `${selected.size} selected` : 'Select signatures below, then:'}
            </span>
            {canApprove ? (
              <button type="submit" name="intent" value="approve" className="button button--primary">
                Approve selected
              </button>
            ) : null}
            {canReject ? (
              <span className="bulk-bar__reject">
                <label htmlFor="bulk-reject-reason" className="visually-hidden">
                  Reason for rejecting the selected signatures
                </label>
                <select id="bulk-reject-reason" name="reason" defaultValue="not-eligible">
                  {Object.entries(REJECTION_REASONS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
                <label htmlFor="bulk-reject-note" className="visually-hidden">
                  Note
                </label>
                <input
                  id="bulk-reject-note"
                  name="note"
                  type="text"
                  placeholder="Note (optional)"
                  maxLength={500}
                />
                <button type="submit" name="intent" value="reject" className="button button--secondary">
                  Reject selected
                </button>
              </span>
            ) : null}
            <span className="bulk-bar__all">
              {canApprove ? (
                <Link to={filterParams({ confirm: 'approve' })}>Approve all matching…</Link>
              ) : null}
              {canReject ? <Link to={filterParams({ confirm: 'reject' })}>Reject all matching…</Link> : null}
            </span>
          </Form>
          <p className="keyboard-help muted" id="keyboard-help">
            Keyboard: focus a row, then <kbd>j</kbd>/<kbd>k</kbd> to move, <kbd>a</kbd> approve, <kbd>r</kbd>{' '}
            reject, <kbd>x</kbd> select.
          </p>
          <div className="table-scroll">
            <table className="data-table queue-table">
              <caption className="visually-hidden">
                {tabLabels[filter.status]}: {rows.length} shown
              </caption>
              <thead>
                <tr>
                  <SelectAllHeader
                    hydrated={hydrated}
                    rowIds={rows.map((row) => row.id)}
                    selection={selection}
                  />
                  <th scope="col">Signer</th>
                  <th scope="col">Email domain</th>
                  <th scope="col">Comment</th>
                  <th scope="col">Signed</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody ref={tableRef} onKeyDown={onKeyDown}>
                {rows.map((row, index) => (
                  <QueueRowView
                    key={row.id}
                    row={row}
                    listingRequires={view.listingRequires}
                    actionUrl={actionUrl}
                    canApprove={canApprove}
                    canReject={canReject}
                    selected={selected.has(row.id)}
                    onSelect={(checked) => toggle(row.id, checked)}
                    tabIndex={index === current ? 0 : -1}
                    onFocus={() => setCurrent(index)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {view.nextCursor !== null ? (
            <p className="pagination">
              <span />
              <Link to={filterParams({ after: String(view.nextCursor) })}>Next {rows.length} →</Link>
            </p>
          ) : null}
        </>
      ) : (
        <p className="notice">
          {filtered
            ? 'No signature here matches this filter.'
            : filter.status === 'confirmed'
              ? 'Nothing awaits review. New confirmed signatures appear here.'
              : `No ${tabLabels[filter.status].toLowerCase()} signatures.`}
        </p>
      )}
    </section>
  )
}

function QueueRowView({
  row,
  listingRequires,
  actionUrl,
  canApprove,
  canReject,
  selected,
  onSelect,
  tabIndex,
  onFocus,
}: {
  row: QueueView['rows'][number]
  listingRequires: ListingRequirement
  actionUrl: string
  canApprove: boolean
  canReject: boolean
  selected: boolean
  onSelect: (checked: boolean) => void
  tabIndex: number
  onFocus: () => void
}) {
  const fetcher = useFetcher<{
    message: string | null
    result?: { error?: Record<string, string[] | null> } | null
  }>()
  const refusal = Object.values(fetcher.data?.result?.error ?? {})
    .flat()
    .filter(Boolean)
  const navigation = useNavigation()
  const intent = fetcher.formData?.get('intent')
  // Optimistic: a decided row leaves the list at once; it comes back only if the server says no.
  if (intent === 'approve' || intent === 'reject') return null
  const bulkPending =
    navigation.state === 'submitting' && navigation.formData?.getAll('ids').includes(String(row.id))
  const nameId = `signer-${row.id}`
  // A moderator vouches for the profession of a signer who confirmed their address.
  const canVerify =
    row.verification_level !== 'moderator' && row.status !== 'unconfirmed' && row.status !== 'withdrawn'
  // Listed and counted only at the letter's requirement: say so where it matters.
  const belowRequirement =
    (row.status === 'confirmed' || row.status === 'approved') &&
    !meetsListingRequirement(row.verification_level, listingRequires)

  return (
    <tr
      data-row-id={row.id}
      tabIndex={tabIndex}
      onFocus={onFocus}
      aria-labelledby={nameId}
      aria-describedby="keyboard-help"
      className={bulkPending ? 'is-pending' : undefined}
    >
      <td>
        <input
          type="checkbox"
          name="ids"
          value={row.id}
          form="bulk-form"
          checked={selected}
          onChange={(event) => onSelect(event.target.checked)}
          aria-label={`Select ${row.name}`}
        />
      </td>
      <td>
        <strong id={nameId}>{row.name}</strong>
        <div>
          {row.profession}, {row.organization}
        </div>
        <div className="muted">
          {row.location}
          {row.licence_number ? ` · licence ${row.licence_number}` : ''}
          {row.listing === 'counted' ? ' · counted only' : ''}
        </div>
        <div className="muted">{VERIFICATION_LEVEL_LABELS[row.verification_level]}</div>
        {belowRequirement ? (
          <div className="queue-hint">Not public until the profession is verified</div>
        ) : null}
        {row.flags.length ? (
          <div className="queue-flags">
            <span id={`flags-${row.id}`}>Flags:</span>
            <ul aria-labelledby={`flags-${row.id}`}>
              {row.flags.map((flag) => (
                <li key={flag.id}>
                  {describeFlag(flag)}{' '}
                  <fetcher.Form method="post" action={actionUrl} className="queue-flags__dismiss">
                    <input type="hidden" name="flagId" value={flag.id} />
                    <button
                      type="submit"
                      name="intent"
                      value="dismiss-flag"
                      className="link-button"
                      disabled={fetcher.state !== 'idle'}
                    >
                      Dismiss<span className="visually-hidden"> this flag on {row.name}</span>
                    </button>
                  </fetcher.Form>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </td>
      <td>{row.emailDomain}</td>
      <td className="queue-table__comment">{row.comment ?? <span className="muted">—</span>}</td>
      <td>
        <time dateTime={row.created_at}>{formatDateTime(row.created_at)}</time>
      </td>
      <td>
        {row.status === 'rejected' && row.rejection_reason ? (
          <p className="muted">
            Rejected: {REJECTION_REASONS[row.rejection_reason]}
            {row.rejection_note ? ` (${row.rejection_note})` : ''}
          </p>
        ) : null}
        {refusal.length ? (
          <p className="field-errors" role="alert">
            {refusal.join(' ')}
          </p>
        ) : fetcher.data?.message ? (
          <p className="muted" role="status">
            {fetcher.data.message}
          </p>
        ) : null}
        <div className="row-actions">
          {canApprove ? (
            <fetcher.Form method="post" action={actionUrl}>
              <input type="hidden" name="ids" value={row.id} />
              <SubmitButton
                name="intent"
                value="approve"
                pending={fetcher.state !== 'idle'}
                pendingLabel="…"
                className="button button--small button--primary"
              >
                Approve
              </SubmitButton>
            </fetcher.Form>
          ) : null}
          {canReject ? (
            <details className="reject-details">
              <summary className="button button--small button--secondary">Reject…</summary>
              <fetcher.Form method="post" action={actionUrl} className="reject-form">
                <input type="hidden" name="ids" value={row.id} />
                <label htmlFor={`reason-${row.id}`}>Reason</label>
                <select id={`reason-${row.id}`} name="reason" defaultValue="not-eligible">
                  {Object.entries(REJECTION_REASONS).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
                <label htmlFor={`note-${row.id}`}>Note</label>
                <input id={`note-${row.id}`} type="text" name="note" maxLength={500} />
                <button
                  type="submit"
                  name="intent"
                  value="reject"
                  className="button button--small button--secondary"
                >
                  Reject {row.name}
                </button>
              </fetcher.Form>
            </details>
          ) : null}
          {canVerify ? (
            <details className="reject-details verify-details">
              <summary className="button button--small button--secondary">Verify…</summary>
              <fetcher.Form method="post" action={actionUrl} className="reject-form">
                <input type="hidden" name="id" value={row.id} />
                <label htmlFor={`evidence-${row.id}`}>Evidence (a URL or a note)</label>
                <input id={`evidence-${row.id}`} type="text" name="evidence" required maxLength={500} />
                <button
                  type="submit"
                  name="intent"
                  value="verify"
                  className="button button--small button--secondary"
                >
                  Verify {row.name}
                </button>
              </fetcher.Form>
            </details>
          ) : null}
        </div>
      </td>
    </tr>
  )
}
