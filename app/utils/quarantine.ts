import type { BlockRuleKind, QuarantineReason } from '#db/schema'

/** Why a signature was quarantined, in words for moderators. */
export const QUARANTINE_REASON_LABELS: Record<QuarantineReason, string> = {
  'ip-burst-limit': 'Too many signatures from one address within a minute',
  'ip-sustained-limit': 'Too many signatures from one address within an hour',
  'blocked-ip-range': 'Blocked IP range or address',
  'blocked-domain': 'Blocked email domain',
  'blocked-email': 'Blocked email address',
}

export const BLOCK_RULE_KIND_LABELS: Record<BlockRuleKind, string> = {
  'ip-range': 'IP range or address',
  domain: 'Email domain',
  email: 'One email address',
}
