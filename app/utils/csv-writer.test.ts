import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { readCsv } from './csv'
import { attachmentHeader, csvField, csvRecord, csvStream, type CsvValue } from './csv-writer'

/** Two rows a batch, as the exports page through their queries. */
async function* rowsOf(rows: CsvValue[][]) {
  for (let index = 0; index < rows.length; index += 2) yield rows.slice(index, index + 2)
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

  test('comes out a batch a chunk as the consumer reads, pulling batches only when asked', async () => {
    let produced = 0
    async function* many() {
      for (let batch = 0; batch < 20; batch++) {
        produced++
        yield Array.from({ length: 1000 }, (_, index) => [`Signer ${batch}-${index}`, 'Public defender'])
      }
    }
    const reader = csvStream(['name', 'profession'], many()).getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    expect(produced).toBe(1)
    let chunks = 1
    for (;;) {
      const { done } = await reader.read()
      if (done) break
      chunks++
    }
    expect(produced).toBe(20)
    expect(chunks).toBe(20)
  })

  test('waits for the client before each batch: nothing more is made while it is behind', async () => {
    let produced = 0
    async function* batches() {
      for (let batch = 0; batch < 3; batch++) {
        produced++
        yield [[`row ${batch}`]]
      }
    }
    let release: () => void = () => {}
    const clientTakes = () => new Promise<void>((resolve) => (release = resolve))
    const reader = csvStream(['x'], batches(), { waitForClient: clientTakes }).getReader()
    const first = reader.read()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(produced).toBe(0)
    release()
    expect((await first).done).toBe(false)
    expect(produced).toBe(1)
    const second = reader.read()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(produced).toBe(1)
    release()
    await second
    expect(produced).toBe(2)
  })

  test('cancelling the stream closes the row source', async () => {
    let closed = false
    async function* endless() {
      try {
        for (;;) yield [['row']]
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
      yield [['one']]
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
