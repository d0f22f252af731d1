import { describe, expect, test } from 'vitest'
import { requireLetterAccess } from '~/services/letter-access.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { insertSignatures } from '../../tests/bulk-signatures'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { readPdf } from '../../tests/pdf-text'
import { deliveryPackPdf } from './delivery-pack.server'

const letterUrl = 'http://localhost:3000/letters/pack'

async function bytesOf(stream: ReadableStream<Uint8Array>) {
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

async function packFor(letter: { id: number }, options: { batchSize?: number } = {}) {
  const user = await createTestUser(getDb(), { letterId: letter.id, memberRole: 'moderator' })
  const access = await requireLetterAccess(getDb(), user, letter.id, 'view')
  return bytesOf(await deliveryPackPdf(getDb(), access, { letterUrl, compress: false, ...options }))
}

describe('the delivery pack', () => {
  test('the text signed with its hash, the counts, names by profession and location, the link', async () => {
    const letter = await createTestLetter(getDb(), {
      bodyMarkdown: '# To the Council\n\nWe **ask** you to act.\n\n- First point\n- Second *point*',
    })
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: 'Ἀθηνᾶ Παππᾶ',
      profession: 'Nurse',
    })
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: 'Жанна Иванова',
      profession: 'Attorney',
      verifiedAs: 'registry',
    })
    await createTestSignature(getDb(), letter, { status: 'approved', name: 'Zoë Hidden', listing: 'counted' })
    await createTestSignature(getDb(), letter, { status: 'confirmed', name: 'Not Approved Yet' })

    const bytes = await packFor(letter)
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-')
    const { text, pageCount } = readPdf(bytes)
    expect(pageCount).toBeGreaterThanOrEqual(3)
    expect(pageCount).toBeLessThanOrEqual(4)
    expect(text).toContain(letter.title)
    expect(text).toContain(letter.version.body_sha256)
    expect(text).toContain('To the Council')
    expect(text).toContain('First point')
    expect(text).toContain(letterUrl)
    expect(text.replace(/\s+/g, ' ')).toContain(
      '3 people have signed: 2 listed by name in this pack, 1 more who asked not to be listed.',
    )
    expect(text).toContain('Ἀθηνᾶ Παππᾶ')
    expect(text).toContain('Жанна Иванова')
    expect(text).toContain('Test Bar roster')
    expect(text).not.toContain('Zoë Hidden')
    expect(text).not.toContain('Not Approved Yet')
    // Attorney before Nurse: grouped by profession.
    expect(text.indexOf('Жанна Иванова')).toBeLessThan(text.indexOf('Ἀθηνᾶ Παππᾶ'))
    // The QR code is an image on the cover.
    expect(Buffer.from(bytes).toString('latin1')).toContain('/Subtype /Image')

    const events = await getDb()
      .selectFrom('audit_events')
      .selectAll()
      .where('letter_id', '=', letter.id)
      .where('action', '=', 'letter.delivery-pack')
      .execute()
    expect(events).toHaveLength(1)
  })

  test('groups by profession whatever its case, then by location, across keyset batches', async () => {
    const letter = await createTestLetter(getDb())
    await insertSignatures(getDb(), letter, 30, (index) => ({
      name: `Person ${String(index).padStart(2, '0')}`,
      profession: index % 2 ? 'nurse' : 'Nurse',
      location: index % 3 ? 'Athens' : 'Berlin',
    }))
    const { text } = readPdf(await packFor(letter, { batchSize: 7 }))
    for (let index = 0; index < 30; index++)
      expect(text).toContain(`Person ${String(index).padStart(2, '0')}`)
    // One heading per location within the one profession: Athens then Berlin.
    expect(text.match(/\nAthens\n/g)).toHaveLength(1)
    expect(text.match(/\nBerlin\n/g)).toHaveLength(1)
    expect(text.indexOf('Person 01')).toBeLessThan(text.indexOf('Person 00'))
  })

  test('5,000 names stream in reasonable time and memory', async () => {
    const letter = await createTestLetter(getDb())
    await insertSignatures(getDb(), letter, 5000, (index) => ({
      name: `Signer Number ${index}`,
      profession: ['Attorney', 'Nurse', 'Public defender'][index % 3]!,
      location: `City ${index % 40}`,
    }))
    const started = performance.now()
    const heapBefore = process.memoryUsage().heapUsed
    const user = await createTestUser(getDb(), { letterId: letter.id })
    const access = await requireLetterAccess(getDb(), user, letter.id, 'view')
    const stream = await deliveryPackPdf(getDb(), access, { letterUrl })
    let size = 0
    let peakHeap = 0
    const reader = stream.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
    }
    const seconds = (performance.now() - started) / 1000
    expect(size).toBeGreaterThan(100_000)
    expect(seconds).toBeLessThan(30)
    expect(peakHeap - heapBefore).toBeLessThan(200 * 1024 * 1024)
  }, 60_000)

  test('a letter with nobody listed yet still gets a pack', async () => {
    const letter = await createTestLetter(getDb())
    const { text } = readPdf(await packFor(letter))
    expect(text).toContain('No one is listed by name yet.')
  })
})
