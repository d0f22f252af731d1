import { mkdirSync, rmSync } from 'node:fs'
import { openDatabase } from '#db/database'
import { migrateToLatest } from '#db/migrate'
import { baseDatabasePath, testDataDir } from './paths'

/** Migrates one base database; each test file then works on its own copy of it. */
export default async function setup() {
  rmSync(testDataDir, { recursive: true, force: true })
  mkdirSync(testDataDir, { recursive: true })
  const db = openDatabase(baseDatabasePath)
  await migrateToLatest(db)
  // Fold the WAL into the main file so a plain file copy carries the whole schema.
  const { sql } = await import('kysely')
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db)
  await db.destroy()
}
