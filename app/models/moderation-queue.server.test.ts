import { expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { listQueue, listQueueProfessions } from './moderation-queue.server'

test("a tab's professions: each once whatever its case, sorted, from that tab and letter only", async () => {
  const db = getDb()
  const letter = await createTestLetter(db, { moderationRequired: true })
  for (const profession of ['Paralegal', 'Attorney', 'attorney', 'Law professor', 'Attorney']) {
    await createTestSignature(db, letter, { status: 'confirmed', profession })
  }
  await createTestSignature(db, letter, { status: 'approved', profession: 'Judge' })
  const other = await createTestLetter(db, { moderationRequired: true })
  await createTestSignature(db, other, { status: 'confirmed', profession: 'Investigator' })

  expect(await listQueueProfessions(db, letter.id, 'confirmed')).toEqual([
    'Attorney',
    'Law professor',
    'Paralegal',
  ])
  expect(await listQueueProfessions(db, letter.id, 'approved')).toEqual(['Judge'])
  expect(await listQueueProfessions(db, letter.id, 'rejected')).toEqual([])
})

test('filtering by a profession finds every spelling of it', async () => {
  const db = getDb()
  const letter = await createTestLetter(db, { moderationRequired: true })
  for (const profession of ['Attorney', 'attorney', 'Paralegal']) {
    await createTestSignature(db, letter, { status: 'confirmed', profession })
  }
  const { rows } = await listQueue(
    db,
    letter.id,
    { status: 'confirmed', profession: 'Attorney' },
    { pageSize: 50 },
  )
  expect(rows.map((row) => row.profession)).toEqual(['Attorney', 'attorney'])
})
