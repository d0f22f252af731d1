import { sql } from 'kysely'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { Listing, SignatureStatus, VerificationLevel } from '#db/schema'
import { getDb } from '~/utils/db.server'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { listOpenLetters } from './letter.server'
import { getLetterCounts, getPublicCounts } from './signature-count.server'
import { listPublicSignatories } from './signature.server'

/** The tallies as the triggers keep them, against a GROUP BY over the signatures themselves. */
async function talliesAndTruth(letterId: number) {
  const db = getDb()
  const tallies = await sql<{ key: string; count: number }>`
    select status || '/' || listing || '/' || verification_level || '/' || lower(profession) as key, count
    from signature_tallies where letter_id = ${letterId} order by key`.execute(db)
  const truth = await sql<{ key: string; count: number }>`
    select status || '/' || listing || '/' || verification_level || '/' || lower(profession) as key,
      count(*) as count
    from signatures where letter_id = ${letterId} group by key order by key`.execute(db)
  return { tallies: tallies.rows, truth: truth.rows }
}

describe('signature tallies kept by triggers', () => {
  test('follow any sequence of inserts, status, listing, level and profession changes, and deletes', async () => {
    const statuses: SignatureStatus[] = ['unconfirmed', 'confirmed', 'approved', 'rejected', 'withdrawn']
    const levels: VerificationLevel[] = ['none', 'email', 'domain', 'registry', 'moderator']
    const listings: Listing[] = ['listed', 'counted']
    const professions = ['Attorney', 'attorney', 'Public defender', 'Law professor']
    const change = fc.oneof(
      fc.record({ kind: fc.constant('insert' as const), profession: fc.constantFrom(...professions) }),
      fc.record({ kind: fc.constant('status' as const), pick: fc.nat(), to: fc.constantFrom(...statuses) }),
      fc.record({ kind: fc.constant('listing' as const), pick: fc.nat(), to: fc.constantFrom(...listings) }),
      fc.record({ kind: fc.constant('level' as const), pick: fc.nat(), to: fc.constantFrom(...levels) }),
      fc.record({
        kind: fc.constant('profession' as const),
        pick: fc.nat(),
        to: fc.constantFrom(...professions),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    )

    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 30 }), async (changes) => {
        const db = getDb()
        const letter = await createTestLetter(db)
        const ids: number[] = []
        for (const step of changes) {
          if (step.kind === 'insert') {
            ids.push((await createTestSignature(db, letter, { profession: step.profession })).id)
            continue
          }
          const id = ids[step.pick % Math.max(ids.length, 1)]
          if (id === undefined) continue
          const update = db.updateTable('signatures').where('id', '=', id)
          if (step.kind === 'status') await update.set({ status: step.to }).execute()
          if (step.kind === 'listing') await update.set({ listing: step.to }).execute()
          if (step.kind === 'level') await update.set({ verification_level: step.to }).execute()
          if (step.kind === 'profession') await update.set({ profession: step.to }).execute()
          if (step.kind === 'delete') {
            await db.deleteFrom('signatures').where('id', '=', id).execute()
            ids.splice(ids.indexOf(id), 1)
          }
        }
        const { tallies, truth } = await talliesAndTruth(letter.id)
        expect(tallies).toEqual(truth)
      }),
      { numRuns: 40 },
    )
  })

  test('a bulk update moves every row it touches', async () => {
    const db = getDb()
    const letter = await createTestLetter(db)
    for (let index = 0; index < 20; index++) {
      await createTestSignature(db, letter, {
        status: 'confirmed',
        listing: index % 4 ? 'listed' : 'counted',
      })
    }
    await db
      .updateTable('signatures')
      .set({ status: 'approved' })
      .where('letter_id', '=', letter.id)
      .execute()
    expect(await getLetterCounts(db, letter.id)).toMatchObject({
      confirmed: 0,
      approved: 20,
      approvedListed: 15,
      approvedCounted: 5,
    })
    const { tallies, truth } = await talliesAndTruth(letter.id)
    expect(tallies).toEqual(truth)
  })
})

describe('public counts under the letter’s listing requirement', () => {
  async function mixedLetter(listingRequires: 'email' | 'profession') {
    const db = getDb()
    const letter = await createTestLetter(db, { policy: { listingRequires } })
    const approved = { status: 'approved' as const }
    await createTestSignature(db, letter, { ...approved, profession: 'Attorney', name: 'Ada Email' })
    await createTestSignature(db, letter, {
      ...approved,
      profession: 'Attorney',
      name: 'Ben Registry',
      verifiedAs: 'registry',
    })
    await createTestSignature(db, letter, {
      ...approved,
      profession: 'attorney',
      name: 'Cleo Domain',
      verifiedAs: 'domain',
      listing: 'counted',
    })
    await createTestSignature(db, letter, {
      ...approved,
      profession: 'Public defender',
      name: 'Dev Moderator',
      verifiedAs: 'moderator',
    })
    // Never public, whatever the policy.
    await createTestSignature(db, letter, {
      status: 'confirmed',
      profession: 'Attorney',
      verifiedAs: 'domain',
    })
    await createTestSignature(db, letter, {
      status: 'rejected',
      profession: 'Judge',
      verifiedAs: 'moderator',
    })
    return letter
  }

  test('a letter that lists confirmed emails counts everyone approved, by profession and level', async () => {
    const letter = await mixedLetter('email')
    expect(await getPublicCounts(getDb(), letter)).toEqual({
      total: 4,
      listed: 3,
      counted: 1,
      byProfession: [
        { profession: 'Attorney', count: 3, verified: 2 },
        { profession: 'Public defender', count: 1, verified: 1 },
      ],
      byLevel: { email: 1, registry: 1, domain: 1, moderator: 1 },
    })
  })

  test('a letter that requires a verified profession never lists or counts an email-only signature', async () => {
    const letter = await mixedLetter('profession')
    const counts = await getPublicCounts(getDb(), letter)
    expect(counts).toMatchObject({
      total: 3,
      listed: 2,
      counted: 1,
      byLevel: { registry: 1, domain: 1, moderator: 1 },
    })
    expect(counts.byProfession).toEqual([
      { profession: 'Attorney', count: 2, verified: 2 },
      { profession: 'Public defender', count: 1, verified: 1 },
    ])
    const page = await listPublicSignatories(getDb(), letter, { pageSize: 10 })
    expect(page.signatories.map((row) => row.name)).toEqual(['Ben Registry', 'Dev Moderator'])

    const home = await listOpenLetters(getDb())
    expect(home.find((row) => row.id === letter.id)?.approved_count).toBe(3)
  })

  test('the public list filters by profession without regard to ASCII case', async () => {
    const letter = await mixedLetter('email')
    const attorneys = await listPublicSignatories(getDb(), letter, { pageSize: 10, profession: 'ATTORNEY' })
    expect(attorneys.signatories.map((row) => row.name)).toEqual(['Ada Email', 'Ben Registry'])
    const nobody = await listPublicSignatories(getDb(), letter, { pageSize: 10, profession: 'Judge' })
    expect(nobody.signatories).toEqual([])
  })
})
