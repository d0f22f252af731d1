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

test('the verification migration records every confirmed signature as email-verified', async () => {
  const db = openDatabase(':memory:')
  const { error } = await createMigrator(db).migrateTo('2026-11-21T1300_organizers')
  expect(error).toBeUndefined()
  const at = '2026-11-20T10:00:00.000Z'
  const letter = await db
    .insertInto('letters')
    .values({
      slug: 'backfill',
      title: 'Backfill',
      recipient: 'To: someone',
      organizers_line: 'Us',
      created_at: at,
      updated_at: at,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow()
  const version = await db
    .insertInto('letter_versions')
    .values({
      letter_id: letter.id,
      version_number: 1,
      body_markdown: 'Text',
      body_sha256: 'x',
      published_at: at,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow()
  const statuses = ['unconfirmed', 'confirmed', 'approved', 'rejected', 'withdrawn']
  for (const [index, status] of statuses.entries()) {
    await db
      .insertInto('signatures')
      .values({
        letter_id: letter.id,
        letter_version_id: version.id,
        name: `Signer ${status}`,
        email: `${status}@example.org`,
        profession: 'Attorney',
        organization: 'Firm',
        location: 'Here',
        listing: 'listed',
        status,
        created_at: at,
        confirmed_at: status === 'unconfirmed' ? null : `2026-11-2${index}T12:00:00.000Z`,
        status_changed_at: at,
      } as never)
      .execute()
  }

  expect((await migrateToLatest(db))[0]).toBe('2026-11-21T1400_verification')
  const rows = await sql<{
    status: string
    confirmed_at: string | null
    verification_level: string
    verification_method: string | null
    verification_evidence: string | null
    verified_at: string | null
  }>`select status, confirmed_at, verification_level, verification_method, verification_evidence, verified_at
     from signatures order by id`.execute(db)
  expect(rows.rows[0]).toMatchObject({
    status: 'unconfirmed',
    verification_level: 'none',
    verification_method: null,
    verified_at: null,
  })
  for (const row of rows.rows.slice(1)) {
    expect(row).toMatchObject({
      verification_level: 'email',
      verification_method: 'email-link',
      verification_evidence: null,
      verified_at: row.confirmed_at,
    })
  }
  // The database refuses a level it does not know.
  await expect(sql`update signatures set verification_level = 'famous'`.execute(db)).rejects.toThrow(
    /CHECK constraint/,
  )
  await db.destroy()
})

test('employer domains are unique per letter, lower-case, and go with their letter', async () => {
  const db = openDatabase(':memory:')
  await migrateToLatest(db)
  const at = '2026-11-21T12:00:00.000Z'
  const letter = await db
    .insertInto('letters')
    .values({
      slug: 'a',
      title: 'A',
      recipient: 'To: someone',
      organizers_line: 'Us',
      created_at: at,
      updated_at: at,
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow()
  const entry = (domain: string) => ({
    letter_id: letter.id,
    domain,
    include_subdomains: 1,
    organization: 'Office',
    profession: 'Public defender',
    created_at: at,
  })
  await db.insertInto('employer_domains').values(entry('pd.lacounty.gov')).execute()
  await expect(db.insertInto('employer_domains').values(entry('pd.lacounty.gov')).execute()).rejects.toThrow(
    /UNIQUE/,
  )
  await expect(db.insertInto('employer_domains').values(entry('PD.lacounty.gov')).execute()).rejects.toThrow(
    /CHECK constraint/,
  )
  await db.deleteFrom('letters').execute()
  expect(await db.selectFrom('employer_domains').selectAll().execute()).toEqual([])
  await db.destroy()
})
