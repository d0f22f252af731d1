import type { DB } from '#db/database'
import type { Letter, SignatureStatus } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { getLetterById, recordLetterRecheck } from '~/models/letter.server'
import { getSignatureById } from '~/models/signature.server'
import { mapWithConcurrency } from '~/utils/concurrency'
import { requirePermission, type LetterAccess } from './letter-access.server'
import type { LicenceRegistry } from './registries/registry'
import { lookUpLicence, recheckLicence } from './registry-verification.server'

// "Recheck licences" (issue 4, ADR 012): the roster and registry checks of every signature of one
// letter, run again — before delivery, say — so a licence that lapsed or no longer matches is
// flagged and loses its registry verification, and a new match is verified.

/** Registry lookups in flight at once: enough to overlap waits, few enough to be a polite client. */
export const RECHECK_CONCURRENCY = 4
/** Signatures written per transaction: the write lock is held for one batch, never for a lookup. */
const WRITE_BATCH = 100

/**
 * The signatures a recheck looks at. Unconfirmed ones are checked when they confirm; withdrawn and
 * rejected ones no longer matter.
 */
const RECHECKED_STATUSES: SignatureStatus[] = ['confirmed', 'approved']

export type RecheckSummary = {
  /** Signatures some roster or registry could check. */
  checked: number
  /** Newly verified. */
  verified: number
  /** Given a new flag. */
  flagged: number
  /** Lost their registry verification (each also flagged). */
  downgraded: number
  /** Open licence flags resolved because their problem is gone. */
  cleared: number
  /** Signatures a registry could not check this time. */
  unavailable: number
}

export const emptyRecheckSummary = (): RecheckSummary => ({
  checked: 0,
  verified: 0,
  flagged: 0,
  downgraded: 0,
  cleared: 0,
  unavailable: 0,
})

async function listSignaturesToRecheck(db: DB, letterId: number) {
  return (
    db
      .selectFrom('signatures')
      .select(['id', 'licence_number'])
      .where('letter_id', '=', letterId)
      .where('status', 'in', RECHECKED_STATUSES)
      .where('licence_number', 'is not', null)
      // A moderator's or an employer domain's verification is not the licence checks' to revise.
      .where('verification_level', 'in', ['email', 'registry'])
      .orderBy('id')
      .execute()
  )
}

/**
 * Rechecks one letter's licences for a member who may moderate it: registry lookups outside any
 * transaction, RECHECK_CONCURRENCY at a time; each batch's changes in one transaction, on the
 * signatures as they are by then. Records when it ran and what it found on the letter, and audits
 * `letter.rechecked` with the summary.
 */
export async function recheckLetterLicences(
  db: DB,
  access: LetterAccess,
  registries: readonly LicenceRegistry[],
  options: { now?: Date; concurrency?: number } = {},
): Promise<RecheckSummary> {
  requirePermission(access, 'moderate', 'You may not recheck this letter’s licences.')
  const now = options.now ?? new Date()
  // The letter as it is now: its registries may have changed since the access was checked.
  const letter: Letter = (await getLetterById(db, access.letter.id)) ?? access.letter
  const candidates = await listSignaturesToRecheck(db, letter.id)
  const summary = emptyRecheckSummary()

  for (let start = 0; start < candidates.length; start += WRITE_BATCH) {
    const batch = candidates.slice(start, start + WRITE_BATCH)
    const answers = await mapWithConcurrency(batch, options.concurrency ?? RECHECK_CONCURRENCY, (candidate) =>
      lookUpLicence(letter, candidate.licence_number, registries),
    )
    await db.transaction().execute(async (trx) => {
      for (const [index, candidate] of batch.entries()) {
        const signature = await getSignatureById(trx, candidate.id)
        if (!signature || !RECHECKED_STATUSES.includes(signature.status)) continue
        const outcome = await recheckLicence(trx, signature, answers[index] ?? null, now)
        if (outcome.checked) summary.checked++
        if (outcome.verified) summary.verified++
        if (outcome.flagged) summary.flagged++
        if (outcome.downgraded) summary.downgraded++
        if (outcome.unavailable) summary.unavailable++
        summary.cleared += outcome.cleared
      }
    })
  }

  await db.transaction().execute(async (trx) => {
    await recordLetterRecheck(trx, letter.id, summary, now)
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'user', user: access.user },
        action: 'letter.rechecked',
        letterId: letter.id,
        after: summary,
      },
      now,
    )
  })
  return summary
}

/** The last recheck's summary as stored on the letter, or null. */
export function lastRecheckSummary(letter: Pick<Letter, 'recheck_summary'>): RecheckSummary | null {
  if (!letter.recheck_summary) return null
  try {
    return { ...emptyRecheckSummary(), ...(JSON.parse(letter.recheck_summary) as Partial<RecheckSummary>) }
  } catch {
    return null
  }
}
