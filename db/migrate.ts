import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FileMigrationProvider, Migrator, type Kysely } from 'kysely'

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder }),
  })
  const { error, results = [] } = await migrator.migrateToLatest()
  if (error) {
    const failed = results.find((result) => result.status === 'Error')
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, {
      cause: error,
    })
  }
  return results.map((result) => result.migrationName)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { getEnv } = await import('../app/utils/env.server')
  const { openDatabase } = await import('./database')
  const env = getEnv()
  const db = openDatabase(env.DATABASE_PATH)
  const applied = await migrateToLatest(db)
  console.log(
    applied.length
      ? `Applied migrations to ${env.DATABASE_PATH}:\n  ${applied.join('\n  ')}`
      : `${env.DATABASE_PATH} is up to date.`,
  )
  await db.destroy()
}
