import { sql } from 'kysely'
import type { DB } from '#db/database'
import type { Letter, ListingRequirement, SignatureStatus, VerificationLevel } from '#db/schema'
import { isProfessionVerified, levelsListedUnder } from '~/utils/verification'

// Counts come from signature_tallies, counter rows that triggers on signatures keep in step in the
// same statement (ADR 010), so no request ever runs COUNT(*) over signatures.

export type LetterCounts = Record<SignatureStatus, number> & {
  approvedListed: number
  approvedCounted: number
}

/** Every signature of a letter by status, whatever the policy: for organizers. */
export async function getLetterCounts(db: DB, letterId: number): Promise<LetterCounts> {
  const rows = await db
    .selectFrom('signature_tallies')
    .select(['status', 'listing', (eb) => eb.fn.sum<number>('count').as('count')])
    .where('letter_id', '=', letterId)
    .groupBy(['status', 'listing'])
    .execute()
  const counts: LetterCounts = {
    unconfirmed: 0,
    confirmed: 0,
    approved: 0,
    rejected: 0,
    withdrawn: 0,
    approvedListed: 0,
    approvedCounted: 0,
  }
  for (const row of rows) {
    const count = Number(row.count)
    counts[row.status] += count
    if (row.status === 'approved') {
      if (row.listing === 'listed') counts.approvedListed += count
      else counts.approvedCounted += count
    }
  }
  return counts
}

export type ProfessionCount = {
  profession: string
  /** Listed and counted-only signatories of this profession. */
  count: number
  /** Those among them whose profession is verified (employer domain, registry, moderator). */
  verified: number
}

export type PublicCounts = {
  /** Everyone the public count includes: listed and counted-only. */
  total: number
  listed: number
  /** Asked not to be listed, counted all the same. */
  counted: number
  /** Largest first; professions differing only in ASCII case are one. */
  byProfession: ProfessionCount[]
  byLevel: Partial<Record<VerificationLevel, number>>
}

/**
 * The public counts of a letter: approved signatures that meet the letter's listing requirement,
 * by listing, profession and verification level.
 */
export async function getPublicCounts(
  db: DB,
  letter: Pick<Letter, 'id' | 'listing_requires'>,
): Promise<PublicCounts> {
  const rows = await db
    .selectFrom('signature_tallies')
    .select(['listing', 'verification_level', 'profession', 'count'])
    .where('letter_id', '=', letter.id)
    .where('status', '=', 'approved')
    .where('verification_level', 'in', levelsListedUnder(letter.listing_requires))
    .execute()
  const counts: PublicCounts = { total: 0, listed: 0, counted: 0, byProfession: [], byLevel: {} }
  const professions = new Map<string, ProfessionCount & { spellings: Map<string, number> }>()
  for (const row of rows) {
    counts.total += row.count
    if (row.listing === 'listed') counts.listed += row.count
    else counts.counted += row.count
    counts.byLevel[row.verification_level] = (counts.byLevel[row.verification_level] ?? 0) + row.count
    const key = row.profession.toLowerCase()
    const entry = professions.get(key) ?? { profession: '', count: 0, verified: 0, spellings: new Map() }
    entry.count += row.count
    if (isProfessionVerified(row.verification_level)) entry.verified += row.count
    entry.spellings.set(row.profession, (entry.spellings.get(row.profession) ?? 0) + row.count)
    professions.set(key, entry)
  }
  counts.byProfession = [...professions.values()]
    .map(({ spellings, count, verified }) => ({
      // "Attorney" and "attorney" show as the spelling most signers used (capitalized on a tie).
      profession: [...spellings].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]![0],
      count,
      verified,
    }))
    .sort((a, b) => b.count - a.count || a.profession.localeCompare(b.profession))
  return counts
}

/** SQL for a letter's public count, for queries over many letters (the home page). */
export function publicCountOf(letterIdRef: string, listingRequiresRef: string) {
  const levelsFor = (requirement: ListingRequirement) =>
    sql.join(levelsListedUnder(requirement).map((level) => sql.lit(level)))
  return sql<number>`(select coalesce(sum(t.count), 0) from signature_tallies t
    where t.letter_id = ${sql.ref(letterIdRef)} and t.status = 'approved'
      and (t.verification_level in (${levelsFor('profession')})
        or (${sql.ref(listingRequiresRef)} = 'email' and t.verification_level in (${levelsFor('email')}))))`
}
