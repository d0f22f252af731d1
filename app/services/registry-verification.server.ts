import type { DB } from '#db/database'
import type { LicenceRoster, Signature, SignatureFlag, SignatureFlagKind } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { letterPolicy } from '~/models/letter.server'
import { findLicenceRosterEntry, listLicenceRosters } from '~/models/licence-roster.server'
import {
  insertSignatureFlag,
  listFlagsFor,
  listOpenFlagsFor,
  resolveFlags,
} from '~/models/signature-flag.server'
import { recordVerification } from '~/models/signature.server'
import { namesAgree, normalizeLicenceNumber } from '~/utils/name-matching'
import type { LicenceRegistry, RegistryLookup } from './registries/registry'

// Licence checks (issue 4). At email confirmation, in the confirmation's transaction: a match in
// one of the letter's imported rosters, or else in one of the HTTP registries it consults (looked
// up before the transaction), verifies the profession; anything doubtful becomes a flag for
// moderators, never a refusal. A recheck runs the same checks again later (ADR 012).

export const LICENCE_ROSTER_METHOD = 'licence-roster'
export const LICENCE_REGISTRY_METHOD = 'licence-registry'
/** The method recorded when a recheck withdraws a registry verification. */
export const LICENCE_RECHECK_METHOD = 'licence-recheck'
export const LICENCE_CHECK_LABEL = 'licence check'

/** The flags licence checks raise; a recheck clears them when their problem is gone. */
export const LICENCE_CHECK_FLAG_KINDS = [
  'registry-name-mismatch',
  'licence-inactive',
  'licence-not-found',
  'registry-unavailable',
] as const satisfies readonly SignatureFlagKind[]

const isLicenceCheckFlag = (kind: SignatureFlagKind) =>
  (LICENCE_CHECK_FLAG_KINDS as readonly SignatureFlagKind[]).includes(kind)

/** "State Bar of California roster": public wording, stored in `verified_by`. */
export const rosterVerifier = (roster: Pick<LicenceRoster, 'name'>) => `${roster.name} roster`

type ProblemFlag = 'registry-name-mismatch' | 'licence-inactive' | 'licence-not-found'

/**
 * What one kind of source (the letter's rosters, or its HTTP registries) says about a licence.
 * `sources` are the verifier labels that answered, so a recheck can tell whether the source that
 * verified a signature is the one now reporting a problem.
 */
export type LicenceFinding =
  | { kind: 'verified'; method: string; verifiedBy: string; evidence: string }
  | { kind: 'problem'; flag: ProblemFlag; detail: Record<string, unknown>; sources: string[] }
  | { kind: 'unavailable'; detail: { registry: string; reason: string } }

function patternMatches(pattern: string, number: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(number)
  } catch {
    // A pattern that does not compile matches nothing rather than failing the confirmation.
    return false
  }
}

/**
 * Looks the signature's licence number up in each of the letter's rosters whose pattern the
 * number matches; reads only. The first active entry whose name agrees verifies; else a name
 * mismatch, an inactive licence, or (when some pattern matched) an unknown number is the problem.
 * Null when no roster applies.
 */
export async function checkRosters(
  db: DB,
  signature: Pick<Signature, 'letter_id' | 'name' | 'licence_number'>,
): Promise<LicenceFinding | null> {
  const number = signature.licence_number ? normalizeLicenceNumber(signature.licence_number) : ''
  if (!number) return null
  const rosters = (await listLicenceRosters(db, signature.letter_id)).filter((roster) =>
    patternMatches(roster.number_pattern, number),
  )
  if (rosters.length === 0) return null
  let mismatch: LicenceFinding | null = null
  let inactive: LicenceFinding | null = null
  for (const roster of rosters) {
    const entry = await findLicenceRosterEntry(db, roster.id, number)
    if (!entry) continue
    const sources = [rosterVerifier(roster)]
    if (!namesAgree(signature.name, entry.full_name)) {
      mismatch ??= {
        kind: 'problem',
        flag: 'registry-name-mismatch',
        detail: { claimed: signature.name, registered: entry.full_name, roster: roster.name },
        sources,
      }
      continue
    }
    if (entry.status !== 'active') {
      inactive ??= {
        kind: 'problem',
        flag: 'licence-inactive',
        detail: { roster: roster.name, status: entry.status },
        sources,
      }
      continue
    }
    return {
      kind: 'verified',
      method: LICENCE_ROSTER_METHOD,
      verifiedBy: rosterVerifier(roster),
      evidence: `${roster.name} ${entry.licence_number}`,
    }
  }
  return (
    mismatch ??
    inactive ?? {
      kind: 'problem',
      flag: 'licence-not-found',
      detail: { number, rosters: rosters.map((roster) => roster.name) },
      sources: rosters.map(rosterVerifier),
    }
  )
}

/** The answers of the HTTP registries for one licence number, gathered outside any transaction. */
export type RegistryAnswers = {
  /** The number as the signature stored it: answers apply only to that number. */
  licenceNumber: string
  answers: Array<{ registry: Pick<LicenceRegistry, 'id' | 'label'>; lookup: RegistryLookup }>
}

/** The configured registries this letter consults, in the letter's order. */
export function registriesForLetter(
  letter: Parameters<typeof letterPolicy>[0],
  registries: readonly LicenceRegistry[],
): LicenceRegistry[] {
  return letterPolicy(letter)
    .licenceRegistries.map((id) => registries.find((registry) => registry.id === id))
    .filter((registry): registry is LicenceRegistry => registry !== undefined)
}

/**
 * Asks each registry the letter consults whose format the number fits, all at once. Network only,
 * never inside a database transaction: each registry bounds its own wait and answers
 * 'unavailable' instead of throwing. Null when no registry applies.
 */
export async function lookUpLicence(
  letter: Parameters<typeof letterPolicy>[0],
  licenceNumber: string | null,
  registries: readonly LicenceRegistry[],
  options: { signal?: AbortSignal } = {},
): Promise<RegistryAnswers | null> {
  if (!licenceNumber) return null
  const applicable = registriesForLetter(letter, registries).filter(
    (registry) => registry.validateNumber(licenceNumber).ok,
  )
  if (applicable.length === 0) return null
  const answers = await Promise.all(
    applicable.map(async (registry) => {
      let lookup: RegistryLookup
      try {
        lookup = await registry.lookup(licenceNumber, options)
      } catch (error) {
        // The interface says lookups never throw; a registry that does is still only unavailable.
        lookup = { kind: 'unavailable', reason: `${registry.label} failed: ${String(error)}` }
      }
      return { registry: { id: registry.id, label: registry.label }, lookup }
    }),
  )
  return { licenceNumber, answers }
}

/**
 * What the registries' answers say about this signature: the first active record whose name
 * agrees verifies; else a name mismatch, an inactive licence, an unavailable registry, or an
 * unknown number, in that order. Null when no registry answered for this number.
 */
export function judgeRegistryAnswers(
  signature: Pick<Signature, 'name' | 'licence_number'>,
  answers: RegistryAnswers | null,
): LicenceFinding | null {
  if (!answers || !answers.answers.length || signature.licence_number === null) return null
  // The signature may have changed between the lookup and the transaction.
  if (normalizeLicenceNumber(answers.licenceNumber) !== normalizeLicenceNumber(signature.licence_number)) {
    return null
  }
  let mismatch: LicenceFinding | null = null
  let inactive: LicenceFinding | null = null
  let unavailable: LicenceFinding | null = null
  const notFound: string[] = []
  for (const { registry, lookup } of answers.answers) {
    if (lookup.kind === 'unavailable') {
      unavailable ??= { kind: 'unavailable', detail: { registry: registry.label, reason: lookup.reason } }
    } else if (lookup.kind === 'not-found') {
      notFound.push(registry.label)
    } else if (!namesAgree(signature.name, lookup.fullName)) {
      mismatch ??= {
        kind: 'problem',
        flag: 'registry-name-mismatch',
        detail: { claimed: signature.name, registered: lookup.fullName, registry: registry.label },
        sources: [registry.label],
      }
    } else if (!lookup.active) {
      inactive ??= {
        kind: 'problem',
        flag: 'licence-inactive',
        detail: { registry: registry.label },
        sources: [registry.label],
      }
    } else {
      return {
        kind: 'verified',
        method: LICENCE_REGISTRY_METHOD,
        verifiedBy: registry.label,
        evidence: [registry.label, lookup.number, lookup.detail ? `(${lookup.detail})` : '']
          .filter(Boolean)
          .join(' '),
      }
    }
  }
  return (
    mismatch ??
    inactive ??
    unavailable ?? {
      kind: 'problem',
      flag: 'licence-not-found',
      detail: {
        number: normalizeLicenceNumber(answers.licenceNumber),
        registry: notFound.join(', '),
      },
      sources: notFound,
    }
  )
}

async function raiseFlag(
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

const flagOf = (finding: Exclude<LicenceFinding, { kind: 'verified' }>) =>
  finding.kind === 'problem'
    ? { kind: finding.flag, detail: finding.detail }
    : { kind: 'registry-unavailable' as const, detail: finding.detail }

async function applyVerification(
  trx: DB,
  signature: Signature,
  finding: Extract<LicenceFinding, { kind: 'verified' }>,
  now: Date,
) {
  const { method, verifiedBy, evidence } = finding
  await recordVerification(trx, signature.id, { level: 'registry', method, evidence, verifiedBy }, now)
  await recordAuditEvent(
    trx,
    {
      actor: { type: 'system', label: verifiedBy },
      action: 'signature.verified',
      letterId: signature.letter_id,
      signatureId: signature.id,
      before: { level: signature.verification_level, method: signature.verification_method },
      after: { level: 'registry', method, evidence },
    },
    now,
  )
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
      await raiseFlag(trx, signature, 'licence-conflict', { signatureId: other.id, name: other.name }, now)
    }
    if (!alreadyFlagged(other.id, signature.id)) {
      await raiseFlag(
        trx,
        other,
        'licence-conflict',
        { signatureId: signature.id, name: signature.name },
        now,
      )
    }
  }
  return others.map((other) => other.id)
}

/**
 * Everything about the licence number at confirmation: conflicts always; then, unless the
 * employer domain verified the signature already, the rosters, and when no roster verified it,
 * the registries' answers (looked up before this transaction). An unavailable registry is a flag,
 * never a refusal.
 */
export async function checkLicenceAtConfirmation(
  trx: DB,
  signature: Signature,
  options: { domainVerified: boolean; registryAnswers?: RegistryAnswers | null },
  now = new Date(),
): Promise<void> {
  if (!signature.licence_number) return
  await flagLicenceConflicts(trx, signature, now)
  if (options.domainVerified) return
  for (const check of [
    () => checkRosters(trx, signature),
    async () => judgeRegistryAnswers(signature, options.registryAnswers ?? null),
  ]) {
    const finding = await check()
    if (!finding) continue
    if (finding.kind === 'verified') {
      await applyVerification(trx, signature, finding, now)
      return
    }
    const { kind, detail } = flagOf(finding)
    await raiseFlag(trx, signature, kind, detail, now)
  }
}

export type LicenceRecheck = {
  /** Some roster or registry applied to the number. */
  checked: boolean
  /** Now verified by a roster or registry, and was not before. */
  verified: boolean
  /** A new flag was raised. */
  flagged: boolean
  /** Lost its registry verification. */
  downgraded: boolean
  /** Open licence flags resolved as 'cleared'. */
  cleared: number
  /** A registry could not answer. */
  unavailable: boolean
}

/**
 * Runs the licence checks of one signature again, in the caller's transaction, with registry
 * answers looked up before it (ADR 012). Signatures a moderator or an employer domain verified are
 * left alone, as at confirmation. A new match verifies; a registry verification whose own source
 * now reports a problem is withdrawn (back to level 'email') and flagged; an open licence flag
 * whose problem is gone is cleared. A problem a moderator already dismissed is not raised again
 * unless it costs the signature its verification.
 */
export async function recheckLicence(
  trx: DB,
  signature: Signature,
  registryAnswers: RegistryAnswers | null,
  now = new Date(),
): Promise<LicenceRecheck> {
  const result: LicenceRecheck = {
    checked: false,
    verified: false,
    flagged: false,
    downgraded: false,
    cleared: 0,
    unavailable: false,
  }
  const level = signature.verification_level
  if (!signature.licence_number || level === 'domain' || level === 'moderator' || level === 'none') {
    return result
  }
  const findings = [
    await checkRosters(trx, signature),
    judgeRegistryAnswers(signature, registryAnswers),
  ].filter((finding): finding is LicenceFinding => finding !== null)
  if (findings.length === 0) return result
  result.checked = true

  const flags = (await listFlagsFor(trx, [signature.id])).filter((flag) => isLicenceCheckFlag(flag.kind))
  const open = flags.filter((flag) => flag.resolved_at === null)
  const clear = async (toClear: SignatureFlag[]) => {
    result.cleared += await resolveFlags(
      trx,
      toClear.map((flag) => flag.id),
      { resolution: 'cleared', userId: null },
      now,
    )
    for (const flag of toClear) {
      await recordAuditEvent(
        trx,
        {
          actor: { type: 'system', label: LICENCE_CHECK_LABEL },
          action: 'signature.flag-cleared',
          letterId: signature.letter_id,
          signatureId: signature.id,
          before: { kind: flag.kind },
          after: { resolution: 'cleared' },
        },
        now,
      )
    }
  }

  const verified = findings.find((finding) => finding.kind === 'verified')
  if (verified?.kind === 'verified') {
    const sameRecord =
      level === 'registry' &&
      signature.verification_method === verified.method &&
      signature.verified_by === verified.verifiedBy
    if (sameRecord) {
      // Still in order: the public date becomes the date of this check.
      await recordVerification(
        trx,
        signature.id,
        {
          level: 'registry',
          method: verified.method,
          evidence: verified.evidence,
          verifiedBy: verified.verifiedBy,
        },
        now,
      )
    } else {
      await applyVerification(trx, signature, verified, now)
      result.verified = level !== 'registry'
    }
    await clear(open)
    return result
  }

  const problems = findings.filter(
    (finding): finding is Extract<LicenceFinding, { kind: 'problem' }> => finding.kind === 'problem',
  )
  const unavailable = findings.find(
    (finding): finding is Extract<LicenceFinding, { kind: 'unavailable' }> => finding.kind === 'unavailable',
  )
  result.unavailable = unavailable !== undefined

  if (level === 'registry') {
    // Only the source that verified the signature can take its verification away; another
    // roster's doubt, or a registry that cannot answer, leaves it as it is.
    const fromOwnSource = problems.filter((problem) => problem.sources.includes(signature.verified_by ?? ''))
    if (fromOwnSource.length === 0) return result
    await recordVerification(
      trx,
      signature.id,
      {
        level: 'email',
        method: LICENCE_RECHECK_METHOD,
        evidence: `${signature.verified_by}: ${fromOwnSource.map((problem) => problem.flag).join(', ')}`,
        verifiedBy: LICENCE_CHECK_LABEL,
      },
      now,
    )
    await recordAuditEvent(
      trx,
      {
        actor: { type: 'system', label: LICENCE_CHECK_LABEL },
        action: 'signature.unverified',
        letterId: signature.letter_id,
        signatureId: signature.id,
        before: {
          level,
          method: signature.verification_method,
          verifiedBy: signature.verified_by,
        },
        after: { level: 'email', method: LICENCE_RECHECK_METHOD, problems: fromOwnSource.map((p) => p.flag) },
      },
      now,
    )
    for (const problem of fromOwnSource) {
      await raiseFlag(trx, signature, problem.flag, { ...problem.detail, verificationWithdrawn: true }, now)
    }
    result.downgraded = true
    result.flagged = true
  } else {
    const known = new Set(
      flags
        .filter((flag) => flag.resolved_at === null || flag.resolution === 'dismissed')
        .map((flag) => flag.kind),
    )
    for (const finding of [...problems, ...(unavailable ? [unavailable] : [])]) {
      const { kind, detail } = flagOf(finding)
      if (known.has(kind)) continue
      known.add(kind)
      await raiseFlag(trx, signature, kind, detail, now)
      result.flagged = true
    }
  }

  // With a registry that could not answer, nothing is known to be gone.
  if (!unavailable) {
    const stillThere = new Set<SignatureFlagKind>(problems.map((problem) => problem.flag))
    await clear(open.filter((flag) => !stillThere.has(flag.kind)))
  }
  return result
}
