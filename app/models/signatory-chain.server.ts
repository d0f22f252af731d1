import { sql } from 'kysely'
import type { DB } from '#db/database'
import type { Letter } from '#db/schema'
import type { PublicSignatory } from '~/models/signature.server'
import {
  GENESIS_HASH,
  recordHash,
  type ChainEntry,
  type ChainHead,
  type ChainRecord,
} from '~/utils/signatory-chain'
import { levelsListedUnder, PUBLIC_VERIFIER_METHODS } from '~/utils/verification'

// Reads of the signatory chain (ADR 018). Nothing here writes it: triggers do, on every change.

/** The last entry's sequence number and hash: the head anyone can keep and compare later. */
export async function getChainHead(db: DB, letterId: number): Promise<ChainHead> {
  const last = await db
    .selectFrom('signatory_chain')
    .select(['seq', 'hash'])
    .where('letter_id', '=', letterId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  return last ? { length: last.seq!, hash: last.hash! } : { length: 0, hash: GENESIS_HASH }
}

/** A public signatory as the chain records them: the read API's fields, nothing more. */
export function chainRecordOf(signatory: PublicSignatory): ChainRecord {
  return {
    id: signatory.id,
    name: signatory.name,
    profession: signatory.profession,
    organization: signatory.organization,
    location: signatory.location,
    versionSigned: signatory.version_number,
    level: signatory.verification_level,
    method: signatory.verification_method,
    checkedOn: signatory.verified_at?.slice(0, 10) ?? null,
    verifier: signatory.verifier_label,
  }
}

/**
 * Entries after `afterSeq`, in order. An entry carries its public record only while the signatory
 * is on the list with exactly that record; otherwise just the record's hash, so a withdrawn
 * signer's name is not served again.
 */
export async function listChainEntries(
  db: DB,
  letter: Pick<Letter, 'id' | 'listing_requires'>,
  options: { afterSeq?: number; limit: number },
): Promise<ChainEntry[]> {
  const rows = await db
    .selectFrom('signatory_chain as c')
    .leftJoin('signatures as s', (join) =>
      join
        .onRef('s.id', '=', 'c.signature_id')
        .on('s.letter_id', '=', letter.id)
        .on('s.status', '=', 'approved')
        .on('s.listing', '=', 'listed')
        .on('s.verification_level', 'in', levelsListedUnder(letter.listing_requires)),
    )
    .leftJoin('letter_versions as v', 'v.id', 's.letter_version_id')
    .select([
      'c.seq',
      'c.at',
      'c.kind',
      'c.cause',
      'c.signature_id',
      'c.record_hash',
      'c.prev_hash',
      'c.hash',
      's.id as public_id',
      's.name',
      's.profession',
      's.organization',
      's.location',
      'v.version_number',
      's.verification_level',
      's.verification_method',
      's.verified_at',
      sql<string | null>`case when s.verification_method in (${sql.join([
        ...PUBLIC_VERIFIER_METHODS,
      ])}) then s.verified_by else null end`.as('verifier_label'),
    ])
    .where('c.letter_id', '=', letter.id)
    .where('c.seq', '>', options.afterSeq ?? 0)
    .orderBy('c.seq')
    .limit(options.limit)
    .execute()
  return rows.map((row) => {
    const record: ChainRecord | null =
      row.public_id === null
        ? null
        : {
            id: row.public_id,
            name: row.name!,
            profession: row.profession!,
            organization: row.organization!,
            location: row.location!,
            versionSigned: row.version_number!,
            level: row.verification_level!,
            method: row.verification_method,
            checkedOn: row.verified_at?.slice(0, 10) ?? null,
            verifier: row.verifier_label,
          }
    return {
      seq: row.seq!,
      at: row.at,
      kind: row.kind,
      cause: row.cause,
      signatureId: row.signature_id,
      recordHash: row.record_hash,
      record: record && row.record_hash === recordHash(record) ? record : null,
      prevHash: row.prev_hash!,
      hash: row.hash!,
    }
  })
}
