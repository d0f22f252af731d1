import { mkdirSync, rmSync } from 'node:fs'
import { sql } from 'kysely'
import { openDatabase } from '#db/database'
import { migrateToLatest } from '#db/migrate'
import { vitestDataRoot } from './paths'

/** Migrates one base database per run; each test file then works on its own copy of it. */
export default async function setup() {
  const runDir = `${vitestDataRoot}run-${process.pid}/`
  mkdirSync(runDir, { recursive: true })
  process.env.UNDERSIGNED_TEST_RUN_DIR = runDir
  const db = openDatabase(`${runDir}base.db`)
  await migrateToLatest(db)
  // Fold the WAL into the main file so a plain file copy carries the whole schema.
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db)
  await db.destroy()
  return () => rmSync(runDir, { recursive: true, force: true })
}
