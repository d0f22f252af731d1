import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { expect, test, vi } from 'vitest'
import { openDatabase, selectRowsAsArrays, withStatementCache } from './database'

test('the same SQL is prepared once and reused', () => {
  const sqlite = new SQLite(':memory:')
  const prepare = vi.spyOn(sqlite, 'prepare')
  const cached = withStatementCache(sqlite)
  const first = cached.prepare('select 1 as one')
  const second = cached.prepare('select 1 as one')
  expect(second).toBe(first)
  expect(prepare).toHaveBeenCalledTimes(1)
  cached.prepare('select 2 as two')
  expect(prepare).toHaveBeenCalledTimes(2)
  sqlite.close()
})

test('a statement still being iterated is not handed out again', () => {
  const sqlite = new SQLite(':memory:')
  const cached = withStatementCache(sqlite)
  const streaming = cached.prepare('select value from json_each(?)') as unknown as SQLite.Statement
  const rows = streaming.iterate('[1,2,3]')
  rows.next()
  const meanwhile = cached.prepare('select value from json_each(?)') as unknown as SQLite.Statement
  expect(meanwhile).not.toBe(streaming)
  expect(meanwhile.all('[7]')).toEqual([{ value: 7 }])
  expect([...rows].map((row) => (row as { value: number }).value)).toEqual([2, 3])
  sqlite.close()
})

test('the oldest statement makes room when the cache is full', () => {
  const sqlite = new SQLite(':memory:')
  const prepare = vi.spyOn(sqlite, 'prepare')
  const cached = withStatementCache(sqlite, 2)
  cached.prepare('select 1')
  cached.prepare('select 2')
  cached.prepare('select 3')
  cached.prepare('select 3')
  expect(prepare).toHaveBeenCalledTimes(3)
  cached.prepare('select 1')
  expect(prepare).toHaveBeenCalledTimes(4)
  sqlite.close()
})

test('a kept statement sees columns added after it was first prepared', async () => {
  const db = openDatabase(':memory:')
  await sql`create table items (id integer primary key, label text)`.execute(db)
  await sql`insert into items (label) values ('a')`.execute(db)
  const everything = () => sql<Record<string, unknown>>`select * from items`.execute(db)
  expect((await everything()).rows).toEqual([{ id: 1, label: 'a' }])
  await sql`alter table items add column extra text default 'x'`.execute(db)
  expect((await everything()).rows).toEqual([{ id: 1, label: 'a', extra: 'x' }])
  await db.destroy()
})

test('rows as arrays come in select order, and wait for a transaction in progress', async () => {
  const db = openDatabase(':memory:')
  await sql`create table items (id integer primary key, label text, size integer)`.execute(db)
  await sql`insert into items (label, size) values ('a', 1), ('b', 2)`.execute(db)
  const query = db
    .selectFrom('items' as never)
    .select(['size' as never, 'label' as never])
    .orderBy('id' as never)
  expect(await selectRowsAsArrays(db, query)).toEqual([
    [1, 'a'],
    [2, 'b'],
  ])

  let release: () => void = () => {}
  const transaction = db.transaction().execute(async (trx) => {
    await sql`insert into items (label, size) values ('uncommitted', 3)`.execute(trx)
    await new Promise<void>((resolve) => (release = resolve))
    throw new Error('rolled back')
  })
  await new Promise((resolve) => setTimeout(resolve, 10))
  const read = selectRowsAsArrays(db, query)
  release()
  await expect(transaction).rejects.toThrow('rolled back')
  expect(await read).toHaveLength(2)
  await db.destroy()
})
