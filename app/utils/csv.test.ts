import { describe, expect, test } from 'vitest'
import { CsvSyntaxError, readCsv } from './csv'

async function records(...chunks: string[]) {
  const out = []
  for await (const record of readCsv(
    (async function* () {
      yield* chunks
    })(),
  ))
    out.push(record)
  return out
}

describe('readCsv', () => {
  test('reads plain records with their line numbers, LF or CRLF, skipping blank lines', async () => {
    expect(await records('a,b\r\n1,2\n\n3,\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 4, fields: ['3', ''] },
    ])
  })

  test('quoted fields hold commas, doubled quotes and line breaks; later line numbers stay right', async () => {
    expect(await records('"a, b","say ""hi""","x\r\ny"\r\nnext,"",end')).toEqual([
      { line: 1, fields: ['a, b', 'say "hi"', 'x\r\ny'] },
      { line: 3, fields: ['next', '', 'end'] },
    ])
  })

  test('chunk boundaries anywhere, even inside a doubled quote or a CRLF', async () => {
    const text = '"a ""q"" b",c\r\nd,e\r\n'
    const whole = await records(text)
    for (let cut = 1; cut < text.length; cut++) {
      expect(await records(text.slice(0, cut), text.slice(cut))).toEqual(whole)
    }
  })

  test('reads bytes from a ReadableStream, with a byte-order mark and multi-byte characters', async () => {
    const bytes = new TextEncoder().encode('\uFEFFname\nJosé Núñez\n')
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]))
        controller.close()
      },
    })
    const out = []
    for await (const record of readCsv(stream)) out.push(record.fields)
    expect(out).toEqual([['name'], ['José Núñez']])
  })

  test.each([
    ['a,"b\nc', 1, 'never closed'],
    ['a\nb"c', 2, 'middle of an unquoted field'],
    ['a\n"b"c', 2, 'after a closing quote'],
  ])('%j is malformed at line %i', async (text, line, message) => {
    const error = await records(text).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(CsvSyntaxError)
    expect((error as CsvSyntaxError).line).toBe(line)
    expect((error as CsvSyntaxError).message).toContain(message)
  })
})
