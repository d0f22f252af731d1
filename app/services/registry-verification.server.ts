import type { DB } from '#db/database'
import type { LicenceRoster, Signature, SignatureFlagKind } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { findLicenceRosterEntry, listLicenceRosters } from '~/models/licence-roster.server'
import { insertSignatureFlag, listOpenFlagsFor } from '~/models/signature-flag.server'
import { recordVerification } from '~/models/signature.server'
import { namesAgree, normalizeLicenceNumber } from '~/utils/name-matching'

// Licence checks at email confirmation (issue 4), in the confirmation's transaction: a match in
// one of the letter's imported rosters verifies the profession; anything doubtful becomes a flag
// for moderators, never a refusal. HTTP registries (NPI) are not wired here yet.

export const LICENCE_ROSTER_METHOD = 'licence-roster'
export const LICENCE_CHECK_LABEL = 'licence check'

/** "State Bar of California roster": public wording, stored in `verified_by`. */
export const rosterVerifier = (roster: Pick<LicenceRoster, 'name'>) => `${roster.name} roster`

function patternMatches(pattern: string, number: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(number)
  } catch {
    // A pattern that does not compile matches nothing rather than failing the confirmation.
    return false
  }
}

async function flag(
  trx: DB,
  signature: Pick<Signature, 'id' | 'letter_id'>,
  kind: SignatureFlagKind,
  detail: unknown,
  now: Date,
) {
  await insertSignatureFlag(trx, { signatureId: signature.id, kind, detail }, now)
  await recordAuditEvent(
    trx,
    {
      actor: { type: 'system', label: LICENCE_CHECK_LABEL },
      action: 'signature.flagged',
      letterId: signature.letter_id,
      signatureId: signature.id,
      after: { kind, detail },
    },
    now,
  )
}

export type RosterCheckOutcome =
  { kind: 'verified'; roster: string } | { kind: 'flagged'; flag: SignatureFlagKind } | { kind: 'no-roster' }

/**
 * Looks the signature's licence number up in each of the letter's rosters whose pattern the
 * number matches. The first active entry whose name agrees verifies (level 'registry'); else a
 * name mismatch, an inactive licence, or (when some pattern matched) an unknown number is flagged.
 */
export async function verifyByLicenceRoster(
  trx: DB,
  signature: Signature,
  now = new Date(),
): Promise<RosterCheckOutcome> {
  if (!signature.licence_number) return { kind: 'no-roster' }
  const number = normalizeLicenceNumber(signature.licence_number)
  if (!number) return { kind: 'no-roster' }
  const rosters = (await listLicenceRosters(trx, signature.letter_id)).filter((roster) =>
    patternMatches(roster.number_pattern, number),
  )
  if (rosters.length === 0) return { kind: 'no-roster' }

  let mismatch: { claimed: string; registered: string; roster: string } | null = null
  let inactive: { roster: string; status: string } | null = null
  for (const roster of rosters) {
    const entry = await findLicenceRosterEntry(trx, roster.id, number)
    if (!entry) continue
    if (!namesAgree(signature.name, entry.full_name)) {
      mismatch ??= { claimed: signature.name, registered: entry.full_name, roster: roster.name }
      continue
    }
    if (entry.status !== 'active') {
      inactive ??= { roster: roster.name, status: entry.status }
      continue
    }
    const verifiedBy = rosterVerifier(roster)
    const evidence = `${roster.name} ${entry.licence_number}`
    await recordVerification(
      trx,
      signature.id,
      { level: 'registry', method: LICENCE_ROSTER_METHOD, evidence, verifiedBy },
      now,
    )
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'system', label: verifiedBy },
        action: 'signature.verified',
        letterId: signature.letter_id,
        signatureId: signature.id,
        before: { level: signature.verification_level, method: signature.verification_method },
        after: { level: 'registry', method: LICENCE_ROSTER_METHOD, evidence },
      },
      now,
    )
    return { kind: 'verified', roster: roster.name }
  }
  if (mismatch) {
    await flag(trx, signature, 'registry-name-mismatch', mismatch, now)
    return { kind: 'flagged', flag: 'registry-name-mismatch' }
  }
  if (inactive) {
    await flag(trx, signature, 'licence-inactive', inactive, now)
    return { kind: 'flagged', flag: 'licence-inactive' }
  }
  await flag(
    trx,
    signature,
    'licence-not-found',
    { number, rosters: rosters.map((roster) => roster.name) },
    now,
  )
  return { kind: 'flagged', flag: 'licence-not-found' }
}

/**
 * One licence number, one signature per letter: flags this signature and every other signature
 * of the letter (not withdrawn) claiming the same normalized number, once per pair.
 * Returns the ids of the other signatures.
 */
export async function flagLicenceConflicts(
  trx: DB,
  signature: Signature,
  now = new Date(),
): Promise<number[]> {
  if (!signature.licence_number) return []
  const number = normalizeLicenceNumber(signature.licence_number)
  if (!number) return []
  // Stored as typed, so the comparison is done on normalized numbers here.
  const candidates = await trx
    .selectFrom('signatures')
    .select(['id', 'letter_id', 'name', 'licence_number'])
    .where('letter_id', '=', signature.letter_id)
    .where('id', '!=', signature.id)
    .where('status', '!=', 'withdrawn')
    .where('licence_number', 'is not', null)
    .execute()
  const others = candidates.filter((other) => normalizeLicenceNumber(other.licence_number!) === number)
  if (others.length === 0) return []

  const existing = await listOpenFlagsFor(trx, [signature.id, ...others.map((other) => other.id)])
  const alreadyFlagged = (id: number, otherId: number) =>
    existing.some(
      (row) =>
        row.signature_id === id &&
        row.kind === 'licence-conflict' &&
        (JSON.parse(row.detail ?? '{}') as { signatureId?: number }).signatureId === otherId,
    )
  for (const other of others) {
    if (!alreadyFlagged(signature.id, other.id)) {
      await flag(trx, signature, 'licence-conflict', { signatureId: other.id, name: other.name }, now)
    }
    if (!alreadyFlagged(other.id, signature.id)) {
      await flag(trx, other, 'licence-conflict', { signatureId: signature.id, name: signature.name }, now)
    }
  }
  return others.map((other) => other.id)
}

/**
 * Everything about the licence number at confirmation: conflicts always; the roster lookup only
 * when the employer domain has not verified the signature already.
 */
export async function checkLicenceAtConfirmation(
  trx: DB,
  signature: Signature,
  options: { domainVerified: boolean },
  now = new Date(),
): Promise<void> {
  if (!signature.licence_number) return
  await flagLicenceConflicts(trx, signature, now)
  if (!options.domainVerified) await verifyByLicenceRoster(trx, signature, now)
}
