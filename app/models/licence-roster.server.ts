import type { DB } from '#db/database'
import type { LicenceRoster, LicenceRosterEntry } from '#db/schema'

export type NewLicenceRoster = {
  letterId: number
  name: string
  jurisdiction: string
  numberPattern: string
}

export type RosterEntryRow = Omit<LicenceRosterEntry, 'roster_id'>

/** A letter's rosters, by name. */
export async function listLicenceRosters(db: DB, letterId: number): Promise<LicenceRoster[]> {
  return db
    .selectFrom('licence_rosters')
    .selectAll()
    .where('letter_id', '=', letterId)
    .orderBy('name')
    .execute()
}

export async function getLicenceRoster(
  db: DB,
  letterId: number,
  rosterId: number,
): Promise<LicenceRoster | null> {
  return (
    (await db
      .selectFrom('licence_rosters')
      .selectAll()
      .where('id', '=', rosterId)
      .where('letter_id', '=', letterId)
      .executeTakeFirst()) ?? null
  )
}

/** Inserts a roster; null when the letter already has one by that name. */
export async function insertLicenceRoster(
  db: DB,
  input: NewLicenceRoster,
  now = new Date(),
): Promise<LicenceRoster | null> {
  return (
    (await db
      .insertInto('licence_rosters')
      .values({
        letter_id: input.letterId,
        name: input.name,
        jurisdiction: input.jurisdiction,
        number_pattern: input.numberPattern,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['letter_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst()) ?? null
  )
}

// 6 columns a row: 6,000 bound parameters a statement, well under SQLite's limit of 32,766.
const INSERT_BATCH = 1000

/**
 * Replaces every entry of a roster with `entries` and records the import. Run inside a
 * transaction, so a reader sees the old roster or the new one, never a mix.
 */
export async function replaceLicenceRosterEntries(
  db: DB,
  rosterId: number,
  entries: RosterEntryRow[],
  importedByUserId: number | null,
  now = new Date(),
): Promise<void> {
  await db.deleteFrom('licence_roster_entries').where('roster_id', '=', rosterId).execute()
  for (let start = 0; start < entries.length; start += INSERT_BATCH) {
    await db
      .insertInto('licence_roster_entries')
      .values(entries.slice(start, start + INSERT_BATCH).map((entry) => ({ ...entry, roster_id: rosterId })))
      .execute()
  }
  await db
    .updateTable('licence_rosters')
    .set({ imported_at: now.toISOString(), imported_by_user_id: importedByUserId, row_count: entries.length })
    .where('id', '=', rosterId)
    .execute()
}

export async function countLicenceRosterEntries(db: DB, rosterId: number): Promise<number> {
  const row = await db
    .selectFrom('licence_roster_entries')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('roster_id', '=', rosterId)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export async function findLicenceRosterEntry(
  db: DB,
  rosterId: number,
  licenceNumber: string,
): Promise<LicenceRosterEntry | null> {
  return (
    (await db
      .selectFrom('licence_roster_entries')
      .selectAll()
      .where('roster_id', '=', rosterId)
      .where('licence_number', '=', licenceNumber)
      .executeTakeFirst()) ?? null
  )
}
