import { sql } from 'kysely'
import { selectRowsAsArrays, type DB } from '#db/database'
import { containsPattern } from './like-pattern'
import type {
  Letter,
  Listing,
  QuarantineReason,
  Signature,
  SignatureStatus,
  VerificationLevel,
} from '#db/schema'
import { levelsListedUnder, PUBLIC_VERIFIER_METHODS } from '~/utils/verification'

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

export type NewSignatureInput = {
  letterId: number
  letterVersionId: number
  name: string
  email: string
  profession: string
  organization: string
  location: string
  licenceNumber: string | null
  comment: string | null
  listing: Listing
  /** "Email me updates about this letter"; unticked when absent. */
  wantsUpdates?: boolean
  status?: SignatureStatus
  clientIp?: string | null
  ipRange?: string | null
  /** Quarantined at submission: over a rate limit or caught by a block rule. */
  quarantineReason?: QuarantineReason | null
}

/** Inserts a signature (triggers count it). */
export async function insertSignature(
  db: DB,
  input: NewSignatureInput,
  now = new Date(),
): Promise<Signature> {
  const timestamp = now.toISOString()
  const status = input.status ?? 'unconfirmed'
  const signature = await db
    .insertInto('signatures')
    .values({
      letter_id: input.letterId,
      letter_version_id: input.letterVersionId,
      name: input.name,
      email: normalizeEmail(input.email),
      profession: input.profession,
      organization: input.organization,
      location: input.location,
      licence_number: input.licenceNumber,
      comment: input.comment,
      listing: input.listing,
      wants_updates: input.wantsUpdates ? 1 : 0,
      status,
      client_ip: input.clientIp ?? null,
      ip_range: input.ipRange ?? null,
      quarantine_reason: input.quarantineReason ?? null,
      quarantined_at: input.quarantineReason ? timestamp : null,
      created_at: timestamp,
      confirmed_at: status === 'unconfirmed' ? null : timestamp,
      status_changed_at: timestamp,
      // Inserted past confirmation (seeds, tests): recorded as the migration backfills such rows.
      ...(status === 'unconfirmed'
        ? {}
        : {
            verification_level: 'email' as const,
            verification_method: 'email-link',
            verified_by: 'email confirmation',
            verified_at: timestamp,
          }),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return signature
}

export async function getSignatureById(db: DB, id: number): Promise<Signature | null> {
  return (await db.selectFrom('signatures').selectAll().where('id', '=', id).executeTakeFirst()) ?? null
}

export async function findSignatureByEmail(
  db: DB,
  letterId: number,
  email: string,
): Promise<Signature | null> {
  return (
    (await db
      .selectFrom('signatures')
      .selectAll()
      .where('letter_id', '=', letterId)
      .where('email', '=', normalizeEmail(email))
      .executeTakeFirst()) ?? null
  )
}

/**
 * Moves a signature to a new status only if it is still in the status the caller saw,
 * so two concurrent decisions cannot both win. Run inside a transaction.
 * Returns false when the signature had already moved.
 */
export async function changeSignatureStatus(
  db: DB,
  signature: Pick<Signature, 'id' | 'letter_id' | 'status' | 'listing'>,
  to: SignatureStatus,
  now = new Date(),
): Promise<boolean> {
  const timestamp = now.toISOString()
  const result = await db
    .updateTable('signatures')
    .set((eb) => ({
      status: to,
      status_changed_at: timestamp,
      confirmed_at:
        signature.status === 'unconfirmed' && to !== 'unconfirmed' ? timestamp : eb.ref('confirmed_at'),
    }))
    .where('id', '=', signature.id)
    .where('status', '=', signature.status)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

/**
 * Moves a signature between listed and counted only if it is still in the status and listing the
 * caller saw. Run inside a transaction. Returns false when nothing
 * changed: the listing was already `to`, or the signature had moved meanwhile.
 */
export async function changeSignatureListing(
  db: DB,
  signature: Pick<Signature, 'id' | 'letter_id' | 'status' | 'listing'>,
  to: Listing,
): Promise<boolean> {
  if (signature.listing === to) return false
  const result = await db
    .updateTable('signatures')
    .set({ listing: to })
    .where('id', '=', signature.id)
    .where('status', '=', signature.status)
    .where('listing', '=', signature.listing)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

export async function recordEmailSentToSigner(db: DB, signatureId: number, now = new Date()) {
  await db
    .updateTable('signatures')
    .set((eb) => ({ emails_sent: eb('emails_sent', '+', 1), last_email_at: now.toISOString() }))
    .where('id', '=', signatureId)
    .execute()
}

export async function recordFailedCodeAttempt(db: DB, signatureId: number) {
  await db
    .updateTable('signatures')
    .set((eb) => ({ failed_code_attempts: eb('failed_code_attempts', '+', 1) }))
    .where('id', '=', signatureId)
    .execute()
}

export type VerificationRecord = {
  level: VerificationLevel
  method: string
  evidence: string | null
  verifiedBy: string
}

/**
 * Records how a signature was verified, replacing any earlier record. Run inside the transaction
 * of the change that verified it.
 */
export async function recordVerification(
  db: DB,
  signatureId: number,
  record: VerificationRecord,
  now = new Date(),
) {
  await db
    .updateTable('signatures')
    .set({
      verification_level: record.level,
      verification_method: record.method,
      verification_evidence: record.evidence,
      verified_by: record.verifiedBy,
      verified_at: now.toISOString(),
    })
    .where('id', '=', signatureId)
    .execute()
}

export type PublicSignatory = Pick<
  Signature,
  | 'id'
  | 'name'
  | 'profession'
  | 'organization'
  | 'location'
  | 'verification_level'
  | 'verification_method'
  | 'verified_at'
  | 'imported_from'
  | 'imported_at'
> & {
  /** The number of the letter version this signatory signed. */
  version_number: number
  /** Who checked, when the public may see it (a licence roster's name, a registry's label); null otherwise. */
  verifier_label: string | null
}

export type SignatoryPage = {
  signatories: PublicSignatory[]
  /** Cursor for the next page (older entries come first: signing order). */
  nextCursor: number | null
  previousCursor: number | null
}

/**
 * One page of approved, listed signatories that meet the letter's listing requirement, in signing
 * order, optionally of one profession (ASCII case aside), by keyset on id:
 * page 14,000 costs what page 1 costs. `after` moves forward, `before` back.
 */
/** The public list: approved, listed, and meeting the letter's requirement. */
function publicListOf(db: DB, letter: Pick<Letter, 'id' | 'listing_requires'>) {
  return (
    db
      .selectFrom('signatures')
      .where('signatures.letter_id', '=', letter.id)
      .where('signatures.status', '=', 'approved')
      .where('signatures.listing', '=', 'listed')
      // A letter that requires a verified profession never lists anyone short of it.
      .where('signatures.verification_level', 'in', levelsListedUnder(letter.listing_requires))
  )
}

/** A roster's name or a registry's label is public wording; a moderator's "Name <email>" never is. */
const publicVerifierLabel = sql<string | null>`case when signatures.verification_method in (${sql.join([
  ...PUBLIC_VERIFIER_METHODS,
])}) then signatures.verified_by else null end`.as('verifier_label')

/**
 * What the public sees of a signatory, in the order the CSV export reads it. How and when the
 * profession was checked, never the evidence or who: those stay with the organizers.
 */
const PUBLIC_SIGNATORY_COLUMNS = [
  'signatures.id',
  'signatures.name',
  'signatures.profession',
  'signatures.organization',
  'signatures.location',
  'signatures.verification_level',
  'signatures.verification_method',
  'signatures.verified_at',
] as const

/** A public signatory as the CSV export reads them: an array, in this order (ADR 014). */
export type PublicSignatoryRow = [
  id: number,
  name: string,
  profession: string,
  organization: string,
  location: string,
  verificationLevel: VerificationLevel,
  verificationMethod: string | null,
  verifiedAt: string | null,
  letterVersionId: number,
  verifierLabel: string | null,
]

/** The public list in signing order, `limit` at a time after the id `after`, as arrays. */
export async function listPublicSignatoryRows(
  db: DB,
  letter: Pick<Letter, 'id' | 'listing_requires'>,
  options: { after?: number; limit: number },
): Promise<PublicSignatoryRow[]> {
  const query = publicListOf(db, letter)
    .select([...PUBLIC_SIGNATORY_COLUMNS, 'signatures.letter_version_id', publicVerifierLabel])
    .where('signatures.id', '>', options.after ?? 0)
    .orderBy('signatures.id')
    .limit(options.limit)
  return (await selectRowsAsArrays(db, query)) as PublicSignatoryRow[]
}

export async function listPublicSignatories(
  db: DB,
  letter: Pick<Letter, 'id' | 'listing_requires'>,
  options: { after?: number; before?: number; search?: string; profession?: string; pageSize: number },
): Promise<SignatoryPage> {
  const { after, before, search, profession, pageSize } = options
  const backwards = before !== undefined && after === undefined
  let query = publicListOf(db, letter)
    .innerJoin('letter_versions', 'letter_versions.id', 'signatures.letter_version_id')
    .select([
      ...PUBLIC_SIGNATORY_COLUMNS,
      'letter_versions.version_number',
      // Provenance of a signature gathered elsewhere (ADR 020): public.
      'signatures.imported_from',
      'signatures.imported_at',
      publicVerifierLabel,
    ])
  if (profession) {
    query = query.where(sql<boolean>`signatures.profession = ${profession} collate nocase`)
  }
  if (search) {
    const pattern = containsPattern(search)
    query = query.where(
      sql<boolean>`(signatures.name like ${pattern} escape '\\' or signatures.organization like ${pattern} escape '\\')`,
    )
  }
  if (after !== undefined) query = query.where('signatures.id', '>', after)
  if (backwards) query = query.where('signatures.id', '<', before)
  const rows = await query
    .orderBy('signatures.id', backwards ? 'desc' : 'asc')
    .limit(pageSize + 1)
    .execute()
  const hasMore = rows.length > pageSize
  const page = rows.slice(0, pageSize)
  if (backwards) page.reverse()
  const first = page[0]
  const last = page[page.length - 1]
  return {
    signatories: page,
    nextCursor: last && (backwards || hasMore) ? last.id : null,
    previousCursor: first && (backwards ? hasMore : after !== undefined) ? first.id : null,
  }
}

/**
 * Approves a confirmed signature with no moderator behind the decision (auto-approval of a
 * verified profession). Returns false when it was no longer awaiting review.
 */
export async function approveConfirmedSignature(db: DB, signatureId: number, now = new Date()) {
  const timestamp = now.toISOString()
  const result = await db
    .updateTable('signatures')
    .set({
      status: 'approved',
      status_changed_at: timestamp,
      decided_by_user_id: null,
      decided_at: timestamp,
      rejection_reason: null,
      rejection_note: null,
    })
    .where('id', '=', signatureId)
    .where('status', '=', 'confirmed')
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}
