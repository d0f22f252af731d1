import { afterEach, expect, test } from 'vitest'
import type { DB } from './database'
import { openDatabase } from './database'
import { createGroupCommit } from './group-commit'

let statements: string[] = []
let db: DB | undefined
afterEach(async () => {
  await db?.destroy()
  db = undefined
})

async function database() {
  statements = []
  db = openDatabase(':memory:', {
    log: (event) => {
      if (event.level === 'query') statements.push(event.query.sql.toLowerCase())
    },
  })
  await db.schema
    .createTable('notes')
    .addColumn('text', 'text', (col) => col.notNull().unique())
    .execute()
  statements = []
  return db
}

const commits = () => statements.filter((sql) => sql === 'commit').length
const notes = async (db: DB) =>
  (
    await db
      .selectFrom('notes' as never)
      .select('text' as never)
      .execute()
  ).map((row) => (row as { text: string }).text)
const write = (text: string) => (trx: DB) =>
  trx
    .insertInto('notes' as never)
    .values({ text } as never)
    .execute()
    .then(() => text)

test('writes that arrive together share one commit, and each gets its own result', async () => {
  const db = await database()
  const groupCommit = createGroupCommit(db)
  const results = await Promise.all(['a', 'b', 'c'].map((text) => groupCommit(write(text))))
  expect(results).toEqual(['a', 'b', 'c'])
  expect(commits()).toBe(1)
  expect(statements[0]).toBe('begin immediate')
  expect((await notes(db)).sort()).toEqual(['a', 'b', 'c'])
})

test('a failing write is rolled back alone; the others are kept', async () => {
  const db = await database()
  const groupCommit = createGroupCommit(db)
  const outcomes = await Promise.allSettled([
    groupCommit(write('first')),
    groupCommit(async (trx) => {
      await write('half-done')(trx)
      await write('first')(trx) // violates the unique constraint: the whole job must vanish
    }),
    groupCommit(write('third')),
  ])
  expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/)
  expect((await notes(db)).sort()).toEqual(['first', 'third'])
  expect(commits()).toBe(1)
})

test('nobody hears back before the commit', async () => {
  const db = await database()
  const groupCommit = createGroupCommit(db)
  let committedWhenAnswered: number | undefined
  await groupCommit(write('a')).then(() => (committedWhenAnswered = commits()))
  expect(committedWhenAnswered).toBe(1)
})

test('writes that arrive during a commit go into the next one; batches are bounded', async () => {
  const db = await database()
  const groupCommit = createGroupCommit(db, { maxBatch: 2 })
  const first = groupCommit(write('a'))
  const second = groupCommit(write('b'))
  const third = groupCommit(write('c'))
  await Promise.all([first, second, third])
  expect(commits()).toBe(2)
  const later = await groupCommit(write('d'))
  expect(later).toBe('d')
  expect(commits()).toBe(3)
})

test('a lone write commits at once', async () => {
  const db = await database()
  const groupCommit = createGroupCommit(db)
  expect(await groupCommit(write('alone'))).toBe('alone')
  expect(commits()).toBe(1)
})
