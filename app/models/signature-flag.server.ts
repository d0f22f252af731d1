import type { DB } from '#db/database'
import type { FlagResolution, SignatureFlag, SignatureFlagKind } from '#db/schema'

export type NewSignatureFlag = { signatureId: number; kind: SignatureFlagKind; detail?: unknown }

export async function insertSignatureFlag(
  db: DB,
  flag: NewSignatureFlag,
  now = new Date(),
): Promise<SignatureFlag> {
  return db
    .insertInto('signature_flags')
    .values({
      signature_id: flag.signatureId,
      kind: flag.kind,
      detail: flag.detail === undefined ? null : JSON.stringify(flag.detail),
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The unresolved flags of these signatures, oldest first, in one query. */
export async function listOpenFlagsFor(db: DB, signatureIds: number[]): Promise<SignatureFlag[]> {
  if (signatureIds.length === 0) return []
  return db
    .selectFrom('signature_flags')
    .selectAll()
    .where('signature_id', 'in', signatureIds)
    .where('resolved_at', 'is', null)
    .orderBy('id')
    .execute()
}

/** Every flag of these signatures, open or resolved, oldest first. */
export async function listFlagsFor(db: DB, signatureIds: number[]): Promise<SignatureFlag[]> {
  if (signatureIds.length === 0) return []
  return db
    .selectFrom('signature_flags')
    .selectAll()
    .where('signature_id', 'in', signatureIds)
    .orderBy('id')
    .execute()
}

/** One flag with the letter of its signature, or null. */
export async function getFlagWithLetter(
  db: DB,
  flagId: number,
): Promise<(SignatureFlag & { letter_id: number }) | null> {
  return (
    (await db
      .selectFrom('signature_flags')
      .innerJoin('signatures', 'signatures.id', 'signature_flags.signature_id')
      .selectAll('signature_flags')
      .select('signatures.letter_id')
      .where('signature_flags.id', '=', flagId)
      .executeTakeFirst()) ?? null
  )
}

/**
 * Resolves these flags if still open; returns how many it resolved (another moderator may have
 * been quicker). Run in the transaction of the change that resolves them.
 */
export async function resolveFlags(
  db: DB,
  flagIds: number[],
  resolution: { resolution: FlagResolution; userId: number | null },
  now = new Date(),
): Promise<number> {
  let resolved = 0
  for (let start = 0; start < flagIds.length; start += 500) {
    const result = await db
      .updateTable('signature_flags')
      .set({
        resolved_at: now.toISOString(),
        resolution: resolution.resolution,
        resolved_by_user_id: resolution.userId,
      })
      .where('id', 'in', flagIds.slice(start, start + 500))
      .where('resolved_at', 'is', null)
      .executeTakeFirst()
    resolved += Number(result.numUpdatedRows)
  }
  return resolved
}

/**
 * Resolves every open flag of these signatures at once (a moderator's decision), returning which
 * were resolved, by signature.
 */
export async function resolveOpenFlagsOf(
  db: DB,
  signatureIds: number[],
  resolution: { resolution: FlagResolution; userId: number | null },
  now = new Date(),
): Promise<Map<number, SignatureFlagKind[]>> {
  const resolved = new Map<number, SignatureFlagKind[]>()
  for (let start = 0; start < signatureIds.length; start += 500) {
    const rows = await db
      .updateTable('signature_flags')
      .set({
        resolved_at: now.toISOString(),
        resolution: resolution.resolution,
        resolved_by_user_id: resolution.userId,
      })
      .where('signature_id', 'in', signatureIds.slice(start, start + 500))
      .where('resolved_at', 'is', null)
      .returning(['signature_id', 'kind'])
      .execute()
    for (const row of rows)
      resolved.set(row.signature_id, [...(resolved.get(row.signature_id) ?? []), row.kind])
  }
  return resolved
}
