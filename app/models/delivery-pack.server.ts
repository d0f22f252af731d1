import { sql } from 'kysely'
import type { DB } from '#db/database'
import type { Letter, VerificationLevel } from '#db/schema'
import { levelsListedUnder, PUBLIC_VERIFIER_METHODS } from '~/utils/verification'

export type PackSignatory = {
  id: number
  name: string
  profession: string
  organization: string
  location: string
  verification_level: VerificationLevel
  verification_method: string | null
  verified_at: string | null
  verifier_label: string | null
  imported_from: string | null
  imported_at: string | null
}

export type PackCursor = { profession: string; location: string; id: number }

/**
 * One batch of the public list ordered by profession (ignoring ASCII case), location and signing
 * order, after `cursor`: a keyset page over signatures_by_profession_idx.
 */
export async function listPackSignatories(
  db: DB,
  letter: Pick<Letter, 'id' | 'listing_requires'>,
  cursor: PackCursor | null,
  limit: number,
): Promise<PackSignatory[]> {
  let query = db
    .selectFrom('signatures')
    .select([
      'id',
      'name',
      'profession',
      'organization',
      'location',
      'verification_level',
      'verification_method',
      'verified_at',
      'imported_from',
      'imported_at',
      sql<string | null>`case when verification_method in (${sql.join([
        ...PUBLIC_VERIFIER_METHODS,
      ])}) then verified_by else null end`.as('verifier_label'),
    ])
    .where('letter_id', '=', letter.id)
    .where('status', '=', 'approved')
    .where('listing', '=', 'listed')
    .where('verification_level', 'in', levelsListedUnder(letter.listing_requires))
  if (cursor) {
    query = query.where(
      sql<boolean>`(profession collate nocase, location, id) > (${cursor.profession}, ${cursor.location}, ${cursor.id})`,
    )
  }
  return query
    .orderBy(sql`profession collate nocase`)
    .orderBy('location')
    .orderBy('id')
    .limit(limit)
    .execute()
}
