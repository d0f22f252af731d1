import type { SignatureFlagKind } from '#db/schema'

/** A flag as the moderation queue shows it: the kind, and its detail parsed. */
export type QueueFlag = {
  id: number
  kind: SignatureFlagKind | string
  detail: Record<string, unknown> | null
}

/** Each kind of flag in a few words: the queue's filter by kind. */
export const FLAG_KIND_LABELS: Record<SignatureFlagKind, string> = {
  'licence-conflict': 'Licence claimed twice',
  'registry-name-mismatch': 'Name differs from the registry',
  'licence-inactive': 'Licence not active',
  'licence-not-found': 'Licence not found',
  'registry-unavailable': 'Registry unreachable',
  'disposable-email': 'Disposable email address',
  'suspicious-name': 'Suspicious name',
  'watchlist-name': 'Name on the watchlist',
  'busy-ip-range': 'Busy network',
  'busy-email-domain': 'Busy email domain',
}

export function isFlagKind(value: unknown): value is SignatureFlagKind {
  return typeof value === 'string' && Object.hasOwn(FLAG_KIND_LABELS, value)
}

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '?'

/** "the State Bar of California roster" or "the US NPI Registry": where a licence check looked. */
function sourceOf(detail: Record<string, unknown>): string {
  if (detail.registry !== undefined) return `the ${text(detail.registry)}`
  return `the ${text(detail.roster)} roster`
}

/** A flag in words, for moderators: a name mismatch shows both names side by side. */
export function describeFlag(flag: QueueFlag): string {
  const detail = flag.detail ?? {}
  // A recheck that found a problem with a verified licence also withdrew the verification.
  const withdrawn = detail.verificationWithdrawn === true ? '; its verification was withdrawn on recheck' : ''
  switch (flag.kind) {
    case 'registry-name-mismatch':
      return `Name differs from ${sourceOf(detail)}: signed “${text(detail.claimed)}”, registered “${text(detail.registered)}”${withdrawn}`
    case 'licence-inactive':
      // A roster gives its own word for the status; a registry says only whether it is active.
      return `Licence not active in ${sourceOf(detail)}${detail.status === undefined ? '' : ` (${text(detail.status)})`}${withdrawn}`
    case 'licence-not-found':
      return detail.registry !== undefined
        ? `Licence number not found in ${sourceOf(detail)}${withdrawn}`
        : `Licence number not found in the letter’s rosters${withdrawn}`
    case 'licence-conflict':
      return `Same licence number as ${text(detail.name)} (signature #${text(detail.signatureId)})`
    case 'registry-unavailable':
      return `${text(detail.registry)} could not be reached to check the licence; check it by hand or recheck later`
    case 'disposable-email':
      return `Disposable email address (${text(detail.domain)})`
    case 'suspicious-name':
      return `The name ${text(detail.reason)}`
    case 'watchlist-name':
      return `Name on the letter’s watchlist (“${text(detail.watched)}”): check it is really them`
    case 'busy-ip-range':
      return `One of ${text(detail.count)} recent signatures from the network ${text(detail.range)}`
    case 'busy-email-domain':
      return `One of ${text(detail.count)} recent signatures from addresses at ${text(detail.domain)}`
    default:
      return flag.kind
  }
}

export function parseFlagDetail(detail: string | null): Record<string, unknown> | null {
  if (!detail) return null
  try {
    const parsed: unknown = JSON.parse(detail)
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null
  } catch {
    return null
  }
}
