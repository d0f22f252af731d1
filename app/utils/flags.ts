import type { SignatureFlagKind } from '#db/schema'

/** A flag as the moderation queue shows it: the kind, and its detail parsed. */
export type QueueFlag = {
  id: number
  kind: SignatureFlagKind | string
  detail: Record<string, unknown> | null
}

const text = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '?'

/** A flag in words, for moderators: a name mismatch shows both names side by side. */
export function describeFlag(flag: QueueFlag): string {
  const detail = flag.detail ?? {}
  switch (flag.kind) {
    case 'registry-name-mismatch':
      return `Name differs from the ${text(detail.roster)} roster: signed “${text(detail.claimed)}”, registered “${text(detail.registered)}”`
    case 'licence-inactive':
      return `Licence not active in the ${text(detail.roster)} roster (${text(detail.status)})`
    case 'licence-not-found':
      return 'Licence number not found in the letter’s rosters'
    case 'licence-conflict':
      return `Same licence number as ${text(detail.name)} (signature #${text(detail.signatureId)})`
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
