import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { NO_MIGRATIONS, sql } from 'kysely'
import { expect, test } from 'vitest'
import { openDatabase } from './database'
import { createMigrator, migrateToLatest } from './migrate'
import { migrations } from './migrations/index'

test('every migration file is registered, in name order', () => {
  const files = readdirSync(fileURLToPath(new URL('./migrations/', import.meta.url)))
    .filter((file) => file !== 'index.ts' && file.endsWith('.ts'))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort()
  expect(Object.keys(migrations)).toEqual(files)
})

test('migrations apply to an empty database and roll back completely', async () => {
  const db = openDatabase(':memory:')
  const applied = await migrateToLatest(db)
  expect(applied).toEqual(Object.keys(migrations))
  expect(await migrateToLatest(db)).toEqual([])

  const { error } = await createMigrator(db).migrateTo(NO_MIGRATIONS)
  expect(error).toBeUndefined()
  const tables = await sql<{
    name: string
  }>`select name from sqlite_master where type = 'table' and name not like 'kysely_%' and name not like 'sqlite_%'`.execute(
    db,
  )
  expect(tables.rows).toEqual([])
  await db.destroy()
})
