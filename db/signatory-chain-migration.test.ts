import { expect, test } from 'vitest'
import { readLetterChain } from '~/services/signatory-chain.server'
import { verifyChain } from '~/utils/signatory-chain'
import { insertSignatures } from '../tests/bulk-signatures'
import { openDatabase } from './database'
import { createMigrator, migrateToLatest } from './migrate'
import { createLetter } from '~/models/letter.server'

test('the signatory chain migration starts each letter with its public list, and its down undoes it', async () => {
  const db = openDatabase(':memory:')
  const { error } = await createMigrator(db).migrateTo('2026-11-21T2230_outbox_priority')
  expect(error).toBeUndefined()
  const letter = await db.transaction().execute((trx) =>
    createLetter(trx, {
      slug: 'before-the-chain',
      title: 'A letter signed before the chain',
      recipient: 'To: someone',
      organizersLine: 'Organized by someone',
      bodyMarkdown: 'Text.',
      status: 'open',
      moderationRequired: true,
    }),
  )
  // Two public, one not yet approved, one not listed.
  await insertSignatures(db, letter, 4, (index) =>
    index === 2 ? { status: 'confirmed' } : index === 3 ? { listing: 'counted' } : {},
  )

  await migrateToLatest(db)
  const chain = await readLetterChain(db, { id: letter.id, listing_requires: 'email' })
  expect(chain.entries.map((entry) => [entry.kind, entry.cause, entry.record?.name])).toEqual([
    ['add', 'genesis', 'Signer 0'],
    ['add', 'genesis', 'Signer 1'],
  ])
  expect(verifyChain(chain)).toMatchObject({ ok: true })

  const down = await createMigrator(db).migrateTo('2026-11-21T2230_outbox_priority')
  expect(down.error).toBeUndefined()
  await db.updateTable('signatures').set({ status: 'approved' }).execute()
  await db.destroy()
})
