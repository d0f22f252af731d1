import { describe, expect, test } from 'vitest'
import { getDb } from '~/utils/db.server'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { insertLetterVersion, updateLetter } from './letter.server'
import {
  changeSignatureStatus,
  getSignatureById,
  listPublicSignatories,
  recordVerification,
} from './signature.server'
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
      const page = await listPublicSignatories(getDb(), letter, { after, pageSize: 100 })
      pages.push(page)
      seen.push(...page.signatories.map((signatory) => signatory.id))
      after = page.nextCursor ?? undefined
    } while (after !== undefined)

    expect(seen).toEqual(ids)
    expect(pages.map((page) => page.signatories.length)).toEqual([100, 100, 50])
    expect(pages[0]!.previousCursor).toBeNull()
    expect(pages[2]!.nextCursor).toBeNull()

    // Back from the last page lands exactly on the second page.
    const back = await listPublicSignatories(getDb(), letter, {
      before: pages[2]!.previousCursor!,
      pageSize: 100,
    })
    expect(back.signatories.map((signatory) => signatory.id)).toEqual(ids.slice(100, 200))
    expect(back.previousCursor).toBe(ids[100])
    expect(back.nextCursor).toBe(ids[199])
    const first = await listPublicSignatories(getDb(), letter, {
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
      (await listPublicSignatories(db, letter, { search, pageSize: 100 })).signatories.map(
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

describe('listPublicSignatories and letter versions', () => {
  test('gives each signatory the number of the version they signed', async () => {
    const db = getDb()
    const letter = await createTestLetter(db)
    const early = await createTestSignature(db, letter, { status: 'approved', name: 'Early Signer' })
    const version2 = await db.transaction().execute(async (trx) => {
      const published = await insertLetterVersion(
        trx,
        { letterId: letter.id, versionNumber: 2, bodyMarkdown: 'A clearer text.' },
        new Date(),
      )
      await updateLetter(trx, letter.id, { current_version_id: published.id })
      return published
    })
    await createTestSignature(
      db,
      { id: letter.id, version: version2 },
      { status: 'approved', name: 'Late Signer' },
    )

    const page = await listPublicSignatories(db, letter, { pageSize: 10 })
    expect(page.signatories.map(({ name, version_number }) => ({ name, version_number }))).toEqual([
      { name: 'Early Signer', version_number: 1 },
      { name: 'Late Signer', version_number: 2 },
    ])
    // The signature itself never moves to the new version.
    expect((await getSignatureById(db, early.id))!.letter_version_id).toBe(letter.version.id)
  })
})

describe('verification on the public list', () => {
  test('exposes level, method and date, never the evidence or who checked', async () => {
    const db = getDb()
    const letter = await createTestLetter(db)
    const plain = await createTestSignature(db, letter, { status: 'approved', name: 'Email Only' })
    const checked = await createTestSignature(db, letter, { status: 'approved', name: 'Checked Signer' })
    await recordVerification(
      db,
      checked.id,
      {
        level: 'moderator',
        method: 'moderator-check',
        evidence: 'secret-evidence-note',
        verifiedBy: 'Mod Erator <mod@example.org>',
      },
      new Date('2026-11-21T14:00:00Z'),
    )
    const page = await listPublicSignatories(db, letter, { pageSize: 10 })
    expect(page.signatories.find((row) => row.id === plain.id)).toMatchObject({
      verification_level: 'email',
    })
    const row = page.signatories.find((row) => row.id === checked.id)!
    expect(row).toMatchObject({
      verification_level: 'moderator',
      verification_method: 'moderator-check',
      verified_at: '2026-11-21T14:00:00.000Z',
    })
    expect(Object.keys(row)).not.toContain('verification_evidence')
    expect(Object.keys(row)).not.toContain('verified_by')
    expect(JSON.stringify(page)).not.toContain('secret-evidence-note')
    expect(JSON.stringify(page)).not.toContain('mod@example.org')
  })
})
