import { expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { listOpenLetters } from './letter.server'

test('lists letters taking signatures now, with their approved counts', async () => {
  const db = getDb()
  const open = await createTestLetter(db, { status: 'open' })
  await createTestSignature(db, open, { status: 'approved' })
  await createTestSignature(db, open, { status: 'approved', listing: 'counted' })
  await createTestSignature(db, open, { status: 'confirmed' })
  const pastClosingDate = await createTestLetter(db, { status: 'open' })
  await db
    .updateTable('letters')
    .set({ closes_at: '2020-01-01T00:00:00.000Z' })
    .where('id', '=', pastClosingDate.id)
    .execute()
  const closingLater = await createTestLetter(db, { status: 'open' })
  await db
    .updateTable('letters')
    .set({ closes_at: '2099-01-01T00:00:00.000Z' })
    .where('id', '=', closingLater.id)
    .execute()
  const draft = await createTestLetter(db, { status: 'draft' })
  const closed = await createTestLetter(db, { status: 'closed' })

  const listed = await listOpenLetters(db)
  const ids = listed.map((letter) => letter.id)
  expect(ids).toContain(open.id)
  expect(ids).toContain(closingLater.id)
  for (const hidden of [pastClosingDate, draft, closed]) expect(ids).not.toContain(hidden.id)
  expect(listed.find((letter) => letter.id === open.id)?.approved_count).toBe(2)
})
