import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Migrator, type Kysely } from 'kysely'
import { migrations } from './migrations/index'

export function createMigrator(db: Kysely<any>) {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } })
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results = [] } = await createMigrator(db).migrateToLatest()
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
