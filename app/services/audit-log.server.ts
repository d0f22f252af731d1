import type { DB } from '#db/database'
import type { AuditActorType } from '#db/schema'
import { listLetterAuditEvents, type LetterAuditEvent } from '~/models/audit.server'
import type { LetterAccess } from '~/services/letter-access.server'

// The per-letter audit log, in words an organizer reads at a glance.

const actionLabels: Record<string, string> = {
  'letter.created': 'Created the letter',
  'letter.updated': 'Edited the letter',
  'letter.edited': 'Edited the letter',
  'letter.published': 'Published the letter',
  'letter.opened': 'Opened the letter for signatures',
  'letter.closed': 'Closed the letter',
  'letter.reopened': 'Reopened the letter',
  'letter.version-published': 'Published a new version of the text',
  'letter.settings-changed': 'Changed the letter’s settings',
  'letter.exported': 'Downloaded every signature (CSV)',
  'letter.mirror-exported': 'Downloaded a signed static mirror (.zip)',
  'letter.policy-changed': 'Changed the verification policy',
  'member.invited': 'Invited a team member',
  'member.removed': 'Removed a team member',
  'member.role-changed': 'Changed a team member’s role',
  'signature.confirmed': 'Confirmed a signature',
  'signature.approved': 'Approved a signature',
  'signature.rejected': 'Rejected a signature',
  'signature.withdrawn': 'Withdrew a signature',
  'signature.withdrawn-by-signer': 'The signer withdrew their signature',
  'signature.listing-changed': 'Changed a signature’s listing',
  'signature.listing-changed-by-signer': 'The signer changed how they are listed',
  'signature.exported': 'Exported a signer’s data at their request',
  'signature.erased': 'Erased a signer’s email, network address and comment',
  'letter.retention-changed': 'Changed how long signers’ addresses are kept',
  'letter.signer-data-expired': 'Erased signers’ email and network addresses (retention)',
  'email.retried': 'Retried a failed email',
  'roster.created': 'Added a licence roster',
  'roster.imported': 'Imported a licence roster',
  'signature.quarantined': 'Quarantined a signature as suspected',
  'signature.flagged': 'Flagged a signature for moderators',
  'signature.released': 'Released a suspected signature (its confirmation email was sent)',
  'signature.discarded': 'Discarded a suspected signature as fake',
  'block-rule.added': 'Added a block rule',
  'block-rule.removed': 'Removed a block rule',
  'watchlist.added': 'Added names to the watchlist',
  'watchlist.removed': 'Removed a name from the watchlist',
}

/** "signature.bulk-approved" reads "Signature: bulk approved" until it gets a label above. */
export function describeAuditAction(action: string): string {
  const known = actionLabels[action]
  if (known) return known
  const [subject, ...rest] = action.split('.')
  const words = (text: string) => text.replace(/[-_]+/g, ' ').trim()
  const head = words(subject ?? action)
  const capitalized = head.charAt(0).toUpperCase() + head.slice(1)
  return rest.length ? `${capitalized}: ${words(rest.join(' '))}` : capitalized
}

export type AuditChange = { field: string; before: string | null; after: string | null; changed: boolean }

function parseJson(text: string | null): unknown {
  if (text === null) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function asRecord(value: unknown): Record<string, unknown> | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  return { value }
}

/** "rejectionReason" and "rejection_reason" both read "rejection reason". */
function fieldLabel(key: string) {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase()
}

function formatValue(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 160 ? `${text.slice(0, 159)}…` : text
}

/**
 * Before -> after as one line per field: changed fields show both sides, fields that are the
 * same on both (the member concerned, say) show once, for context.
 */
export function summarizeAuditChange(before: string | null, after: string | null): AuditChange[] {
  const from = asRecord(parseJson(before))
  const to = asRecord(parseJson(after))
  const keys = [...new Set([...Object.keys(from ?? {}), ...Object.keys(to ?? {})])]
  return keys.map((key) => {
    const left = formatValue(from?.[key])
    const right = formatValue(to?.[key])
    // With only one side recorded (an invitation, a removal) there is nothing to compare.
    const changed = from !== null && to !== null && left !== right
    return { field: fieldLabel(key), before: from ? left : null, after: to ? right : null, changed }
  })
}

export type AuditLogEntry = {
  id: number
  at: string
  actor: { type: AuditActorType; label: string }
  action: string
  description: string
  signature: { id: number; name: string | null } | null
  changes: AuditChange[]
}

function toEntry(event: LetterAuditEvent): AuditLogEntry {
  return {
    id: event.id,
    at: event.created_at,
    actor: { type: event.actor_type, label: event.actor_label },
    action: event.action,
    description: describeAuditAction(event.action),
    signature: event.signature_id === null ? null : { id: event.signature_id, name: event.signature_name },
    changes: summarizeAuditChange(event.before, event.after),
  }
}

export const AUDIT_PAGE_SIZE = 50

export async function getLetterAuditLog(
  db: DB,
  access: LetterAccess,
  options: { before?: number; pageSize?: number } = {},
): Promise<{ entries: AuditLogEntry[]; nextCursor: number | null }> {
  if (!access.can('view')) {
    throw new Response('You do not have access to this letter.', { status: 403 })
  }
  const { events, nextCursor } = await listLetterAuditEvents(db, access.letter.id, {
    before: options.before,
    pageSize: options.pageSize ?? AUDIT_PAGE_SIZE,
  })
  return { entries: events.map(toEntry), nextCursor }
}
