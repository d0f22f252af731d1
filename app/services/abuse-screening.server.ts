import { disposableEmailBlocklist } from 'disposable-email-domains-js'
import type { DB } from '#db/database'
import type { Letter, QuarantineReason, Signature, SignatureFlagKind } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { listBlockRules } from '~/models/block-rule.server'
import { listEmployerDomains } from '~/models/employer-domain.server'
import { hitRateLimit } from '~/models/rate-limit.server'
import { insertSignatureFlag } from '~/models/signature-flag.server'
import { listWatchlistNames } from '~/models/watchlist.server'
import { domainMatches, emailDomain } from '~/utils/email-domain'
import { getEnv, type Env } from '~/utils/env.server'
import { ipInRange } from '~/utils/ip-address'
import { namesAgree } from '~/utils/name-matching'

// Issue 5: every new signature is screened in its signing transaction. Over a limit or caught by a
// block rule, it is quarantined silently (the page answers as for anyone; no email goes out).
// Doubts become flags for moderators. Nothing here ever refuses a submission (ADR 016).

export const SCREENING_LABEL = 'abuse screening'

export type AbuseLimits = Pick<
  Env,
  | 'RATE_LIMIT_SIGN_BURST'
  | 'RATE_LIMIT_SIGN_SUSTAINED'
  | 'RATE_LIMIT_CONFIRMATION_EMAILS'
  | 'BUSY_SOURCE_FLAG'
>

export const abuseLimitsFromEnv = (env: Env = getEnv()): AbuseLimits => ({
  RATE_LIMIT_SIGN_BURST: env.RATE_LIMIT_SIGN_BURST,
  RATE_LIMIT_SIGN_SUSTAINED: env.RATE_LIMIT_SIGN_SUSTAINED,
  RATE_LIMIT_CONFIRMATION_EMAILS: env.RATE_LIMIT_CONFIRMATION_EMAILS,
  BUSY_SOURCE_FLAG: env.BUSY_SOURCE_FLAG,
})

export type SubmissionSource = { clientIp: string | null; ipRange: string | null }

export type ScreeningFlag = { kind: SignatureFlagKind; detail: Record<string, unknown> }
export type Screening = { quarantine: QuarantineReason | null; flags: ScreeningFlag[] }

let disposableDomains: Set<string> | undefined

/** Whether a domain, or a domain it belongs to, is on the maintained list of disposable mail services. */
export function isDisposableDomain(domain: string): boolean {
  disposableDomains ??= new Set(disposableEmailBlocklist().map((entry) => entry.toLowerCase()))
  const labels = domain.toLowerCase().split('.')
  for (let start = 0; start < labels.length - 1; start++) {
    if (disposableDomains.has(labels.slice(start).join('.'))) return true
  }
  return false
}

const WEB_ADDRESS =
  /(?:https?:\/\/|www\.|\b[a-z0-9-]+\.(?:com|net|org|io|ru|cn|xyz|info|biz|co|me|ly|gg|app|link|top|site|online)\b)/iu
const FORMULA_START = /^[=+\-@\t\r]/u

/** Why a name looks like a bot's or a spreadsheet attack rather than a person's, or null. */
export function suspiciousNameReason(name: string): string | null {
  if (WEB_ADDRESS.test(name)) return 'contains a web address'
  if (FORMULA_START.test(name.trimStart())) return 'starts with = + - or @'
  return null
}

/**
 * Screens a new submission, counting it against the per-address limits. Run inside the signing
 * transaction, before the signature is inserted.
 */
export async function screenSubmission(
  trx: DB,
  letter: Pick<Letter, 'id'>,
  submission: { name: string; email: string },
  source: SubmissionSource,
  limits: AbuseLimits,
  now = new Date(),
): Promise<Screening> {
  const flags: ScreeningFlag[] = []
  const domain = emailDomain(submission.email) ?? ''
  const email = submission.email.trim().toLowerCase()

  let quarantine: QuarantineReason | null = null
  for (const rule of await listBlockRules(trx, letter.id)) {
    if (rule.kind === 'email' && rule.value === email) quarantine ??= 'blocked-email'
    if (rule.kind === 'domain' && domainMatches(domain, { domain: rule.value, includeSubdomains: true }))
      quarantine ??= 'blocked-domain'
    if (rule.kind === 'ip-range' && ipInRange(source.clientIp, rule.value)) quarantine ??= 'blocked-ip-range'
  }
  if (source.clientIp) {
    // Both windows count every submission, so a client that slows down is still held to the hour.
    const burst = await hitRateLimit(
      trx,
      `sign-burst:${letter.id}:${source.clientIp}`,
      limits.RATE_LIMIT_SIGN_BURST,
      now,
    )
    const sustained = await hitRateLimit(
      trx,
      `sign-sustained:${letter.id}:${source.clientIp}`,
      limits.RATE_LIMIT_SIGN_SUSTAINED,
      now,
    )
    if (!burst.allowed) quarantine ??= 'ip-burst-limit'
    if (!sustained.allowed) quarantine ??= 'ip-sustained-limit'
  }

  if (domain && isDisposableDomain(domain)) flags.push({ kind: 'disposable-email', detail: { domain } })
  const nameReason = suspiciousNameReason(submission.name)
  if (nameReason) flags.push({ kind: 'suspicious-name', detail: { reason: nameReason } })
  const watched = (await listWatchlistNames(trx, letter.id)).find((entry) =>
    namesAgree(submission.name, entry.name),
  )
  if (watched) flags.push({ kind: 'watchlist-name', detail: { watched: watched.name } })

  const window = limits.BUSY_SOURCE_FLAG
  if (source.ipRange) {
    const busy = await hitRateLimit(trx, `busy-range:${letter.id}:${source.ipRange}`, window, now)
    if (!busy.allowed)
      flags.push({ kind: 'busy-ip-range', detail: { range: source.ipRange, count: busy.count } })
  }
  // A letter's own employer domains are expected to be busy.
  const employer = (await listEmployerDomains(trx, letter.id)).some((entry) =>
    domainMatches(domain, { domain: entry.domain, includeSubdomains: entry.include_subdomains === 1 }),
  )
  if (domain && !employer) {
    const busy = await hitRateLimit(trx, `busy-domain:${letter.id}:${domain}`, window, now)
    if (!busy.allowed) flags.push({ kind: 'busy-email-domain', detail: { domain, count: busy.count } })
  }
  return { quarantine, flags }
}

/** Stores the screening's flags and, for a quarantined signature, an audit event with the reason. */
export async function recordScreening(
  trx: DB,
  signature: Pick<Signature, 'id' | 'letter_id'>,
  screening: Screening,
  now = new Date(),
): Promise<void> {
  for (const flag of screening.flags) {
    await insertSignatureFlag(trx, { signatureId: signature.id, kind: flag.kind, detail: flag.detail }, now)
  }
  if (screening.quarantine || screening.flags.length) {
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'system', label: SCREENING_LABEL },
        action: screening.quarantine ? 'signature.quarantined' : 'signature.flagged',
        letterId: signature.letter_id,
        signatureId: signature.id,
        after: { quarantine: screening.quarantine, flags: screening.flags.map((flag) => flag.kind) },
      },
      now,
    )
  }
}
