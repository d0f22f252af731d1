import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { changeSignatureStatus, listPublicSignatories } from './signature.server'
import { getLetterCounts } from './signature-count.server'

async function letterWithSignatories(listed: number) {
  const db = getDb()
  const letter = await createTestLetter(db)
  const ids: number[] = []
  for (let index = 0; index < listed; index++) {
    const signature = await createTestSignature(db, letter, {
      status: 'approved',
      name: `Signer ${String(index + 1).padStart(3, '0')}`,
    })
    ids.push(signature.id)
    // Interleave rows that must never show: unconfirmed, awaiting review, counted-only.
    if (index % 50 === 0) {
      await createTestSignature(db, letter, { status: 'unconfirmed', name: `Hidden unconfirmed ${index}` })
      await createTestSignature(db, letter, { status: 'confirmed', name: `Hidden pending ${index}` })
      await createTestSignature(db, letter, {
        status: 'approved',
        listing: 'counted',
        name: `Hidden counted ${index}`,
      })
    }
  }
  return { letter, ids }
}

describe('listPublicSignatories', () => {
  test('walks every approved, listed signatory in signing order by cursor, forwards and back', async () => {
    const { letter, ids } = await letterWithSignatories(250)
    const seen: number[] = []
    let after: number | undefined
    const pages = []
    do {
      const page = await listPublicSignatories(getDb(), letter.id, { after, pageSize: 100 })
      pages.push(page)
      seen.push(...page.signatories.map((signatory) => signatory.id))
      after = page.nextCursor ?? undefined
    } while (after !== undefined)

    expect(seen).toEqual(ids)
    expect(pages.map((page) => page.signatories.length)).toEqual([100, 100, 50])
    expect(pages[0]!.previousCursor).toBeNull()
    expect(pages[2]!.nextCursor).toBeNull()

    // Back from the last page lands exactly on the second page.
    const back = await listPublicSignatories(getDb(), letter.id, {
      before: pages[2]!.previousCursor!,
      pageSize: 100,
    })
    expect(back.signatories.map((signatory) => signatory.id)).toEqual(ids.slice(100, 200))
    expect(back.previousCursor).toBe(ids[100])
    expect(back.nextCursor).toBe(ids[199])
    const first = await listPublicSignatories(getDb(), letter.id, {
      before: back.previousCursor!,
      pageSize: 100,
    })
    expect(first.signatories.map((signatory) => signatory.id)).toEqual(ids.slice(0, 100))
    expect(first.previousCursor).toBeNull()
  })

  test('searches names and organizations, treating % and _ as plain text', async () => {
    const db = getDb()
    const letter = await createTestLetter(db)
    await createTestSignature(db, letter, {
      status: 'approved',
      name: 'Renata Solís',
      organization: 'Fresno County Public Defender',
    })
    await createTestSignature(db, letter, {
      status: 'approved',
      name: 'Desmond Achterberg',
      organization: 'Pacific Coast School of Law',
    })
    await createTestSignature(db, letter, {
      status: 'approved',
      name: 'Percent Person',
      organization: '100% Pro Bono',
    })
    await createTestSignature(db, letter, {
      status: 'confirmed',
      name: 'Renata Pending',
      organization: 'Awaiting Review LLP',
    })

    const names = async (search: string) =>
      (await listPublicSignatories(db, letter.id, { search, pageSize: 100 })).signatories.map(
        (signatory) => signatory.name,
      )
    expect(await names('renata')).toEqual(['Renata Solís'])
    expect(await names('school of law')).toEqual(['Desmond Achterberg'])
    expect(await names('100%')).toEqual(['Percent Person'])
    expect(await names('%')).toEqual(['Percent Person'])
    expect(await names('_')).toEqual([])
    expect(await names('nobody at all')).toEqual([])
  })
})

describe('changeSignatureStatus', () => {
  test('moves the counts with the signature, and only once', async () => {
    const db = getDb()
    const letter = await createTestLetter(db)
    const signature = await createTestSignature(db, letter, { status: 'confirmed', listing: 'counted' })
    expect(await getLetterCounts(db, letter.id)).toMatchObject({ confirmed: 1, approved: 0 })

    expect(await changeSignatureStatus(db, signature, 'approved')).toBe(true)
    // A second decision made on the same stale view loses and moves nothing.
    expect(await changeSignatureStatus(db, signature, 'rejected')).toBe(false)
    expect(await getLetterCounts(db, letter.id)).toMatchObject({
      confirmed: 0,
      approved: 1,
      approvedCounted: 1,
      approvedListed: 0,
      rejected: 0,
    })
  })
})
