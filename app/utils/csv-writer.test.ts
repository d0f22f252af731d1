import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { readCsv } from './csv'
import { attachmentHeader, csvField, csvRecord, csvStream, type CsvValue } from './csv-writer'

async function* rowsOf(rows: CsvValue[][]) {
  yield* rows
}

async function* chunksOf(chunks: Uint8Array[]) {
  yield* chunks
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  const chunks: Uint8Array[] = []
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
  }
  return chunks
}

async function parse(bytes: Uint8Array[]) {
  const records: string[][] = []
  for await (const record of readCsv(chunksOf(bytes))) {
    records.push(record.fields)
  }
  return records
}

/** What a reader gets back for a value the writer was given. */
const asRead = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

describe('csvField', () => {
  test('plain text and numbers pass as they are; null and undefined are empty', () => {
    expect(csvField('Maya Okafor')).toBe('Maya Okafor')
    expect(csvField(42)).toBe('42')
    expect(csvField(null)).toBe('')
    expect(csvField(undefined)).toBe('')
    expect(csvField(Number.NaN)).toBe('')
  })

  test('commas, quotes and line breaks are quoted, with quotes doubled (RFC 4180)', () => {
    expect(csvField('Oakland, CA')).toBe('"Oakland, CA"')
    expect(csvField('Dana "DJ" Jones')).toBe('"Dana ""DJ"" Jones"')
    expect(csvField('line one\nline two')).toBe('"line one\nline two"')
    expect(csvField('a\r\nb')).toBe('"a\r\nb"')
  })

  test.each([
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ["=cmd|' /C calc'!A0", `'=cmd|' /C calc'!A0`],
  ])('a cell a spreadsheet would run, %j, starts with an apostrophe', (value, written) => {
    expect(csvField(value)).toBe(written)
  })

  test('formula characters later in the text are left alone', () => {
    expect(csvField('Smith-Jones')).toBe('Smith-Jones')
    expect(csvField('a=b')).toBe('a=b')
    expect(csvField("O'Brien")).toBe("O'Brien")
  })

  test('records end with CRLF', () => {
    expect(csvRecord(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n')
  })
})

describe('csvStream', () => {
  test('starts with a UTF-8 byte-order mark and the header, and round-trips through the reader', async () => {
    const rows: CsvValue[][] = [
      ['Zoë Nguyễn-Adams', 'Avocate, barreau de Montréal', 'Line one\nline two', 1],
      ['李小龙', 'Dana "DJ" Jones', '=1+1', 2],
      ['عائشة', '', '-', null],
    ]
    const chunks = await readAll(csvStream(['name', 'organization', 'note', 'n'], rowsOf(rows)))
    const bytes = Buffer.concat(chunks)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.toString('utf8').slice(1, 26)).toBe('name,organization,note,n\r')
    expect(await parse(chunks)).toEqual([
      ['name', 'organization', 'note', 'n'],
      ['Zoë Nguyễn-Adams', 'Avocate, barreau de Montréal', 'Line one\nline two', '1'],
      ['李小龙', 'Dana "DJ" Jones', "'=1+1", '2'],
      ['عائشة', '', "'-", ''],
    ])
  })

  test('any text survives the round trip (defused formulas aside)', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      fc
        .array(fc.constantFrom(',', '"', '\n', '\r', '\r\n', '=', '+', '-', '@', '\t', 'é', '𝄞', 'a', ' '), {
          maxLength: 8,
        })
        .map((parts) => parts.join('')),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text, text), { maxLength: 20 }), async (rows) => {
        const chunks = await readAll(csvStream(['a', 'b', 'c'], rowsOf(rows)))
        expect(await parse(chunks)).toEqual([['a', 'b', 'c'], ...rows.map((row) => row.map(asRead))])
      }),
      { numRuns: 200 },
    )
  })

  test('comes out in bounded chunks as the consumer reads, pulling rows only when asked', async () => {
    let produced = 0
    async function* many() {
      for (let index = 0; index < 20_000; index++) {
        produced++
        yield [`Signer ${index}`, 'Public defender', 'Oakland, CA']
      }
    }
    const stream = csvStream(['name', 'profession', 'location'], many())
    const reader = stream.getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    // One chunk's worth of rows, not the whole list.
    expect(produced).toBeLessThan(1000)
    let chunks = 1
    let largest = first.value!.byteLength
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks++
      largest = Math.max(largest, value.byteLength)
    }
    expect(produced).toBe(20_000)
    expect(chunks).toBeGreaterThan(20)
    expect(largest).toBeLessThan(20 * 1024)
  })

  test('cancelling the stream closes the row source', async () => {
    let closed = false
    async function* endless() {
      try {
        for (;;) yield ['row']
      } finally {
        closed = true
      }
    }
    const reader = csvStream(['x'], endless()).getReader()
    await reader.read()
    await reader.cancel()
    expect(closed).toBe(true)
  })

  test('a failing source errors the stream instead of ending it quietly', async () => {
    async function* failing() {
      yield ['one']
      throw new Error('database went away')
    }
    await expect(readAll(csvStream(['x'], failing()))).rejects.toThrow('database went away')
  })
})

test('attachment file names keep only safe characters', () => {
  expect(attachmentHeader('let-judges-judge-2026-11-21.csv')).toBe(
    'attachment; filename="let-judges-judge-2026-11-21.csv"',
  )
  expect(attachmentHeader('a"b\r\nc.csv')).toBe('attachment; filename="a-b-c.csv"')
})
