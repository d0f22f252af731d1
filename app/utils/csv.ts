// A small streaming CSV reader (RFC 4180): quoted fields, doubled quotes inside them, commas and
// line breaks inside quotes, CRLF or LF line endings, an optional byte-order mark. Records come
// out one at a time with the line they start on, so a file of any size never sits in memory whole.

export type CsvRecord = { line: number; fields: string[] }

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message)
  }
}

type ChunkSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>

async function* textChunks(source: ChunkSource): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8')
  if ('getReader' in source) {
    const reader = source.getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        yield decoder.decode(value, { stream: true })
      }
    } finally {
      reader.releaseLock()
    }
  } else {
    for await (const chunk of source) {
      yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    }
  }
  const rest = decoder.decode()
  if (rest) yield rest
}

/**
 * Records of a CSV stream; blank lines are skipped. Line breaks are CRLF, LF or a lone CR.
 * Throws CsvSyntaxError (with the line) on a stray or unclosed quote.
 */
export async function* readCsv(source: ChunkSource): AsyncGenerator<CsvRecord> {
  let line = 1
  let recordLine = 1
  let fields: string[] = []
  let field = ''
  // 'start' (nothing in the field yet), 'plain', 'quoted', 'quote' (a quote inside a quoted
  // field: a doubled one or the closing one), 'closed' (after the closing quote).
  let state: 'start' | 'plain' | 'quoted' | 'quote' | 'closed' = 'start'
  let pendingCR = false
  let first = true

  const endRecord = (): CsvRecord | null => {
    const blank = fields.length === 0 && field === '' && state === 'start'
    fields.push(field)
    const record = { line: recordLine, fields }
    fields = []
    field = ''
    state = 'start'
    line++
    recordLine = line
    return blank ? null : record
  }

  for await (let chunk of textChunks(source)) {
    if (first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
      first = false
    }
    for (const char of chunk) {
      if (pendingCR) {
        pendingCR = false
        if (char === '\n') continue
      }
      if (state === 'quote') {
        if (char === '"') {
          field += '"'
          state = 'quoted'
          continue
        }
        state = 'closed'
      }
      if (state === 'quoted') {
        if (char === '"') state = 'quote'
        else {
          if (char === '\n') line++
          field += char
        }
        continue
      }
      if (char === ',') {
        fields.push(field)
        field = ''
        state = 'start'
      } else if (char === '\n' || char === '\r') {
        pendingCR = char === '\r'
        const record = endRecord()
        if (record) yield record
      } else if (state === 'closed') {
        throw new CsvSyntaxError(line, 'Unexpected text after a closing quote.')
      } else if (char === '"') {
        if (state === 'plain') throw new CsvSyntaxError(line, 'A quote in the middle of an unquoted field.')
        state = 'quoted'
      } else {
        field += char
        state = 'plain'
      }
    }
  }
  if (state === 'quoted') throw new CsvSyntaxError(recordLine, 'A quoted field is never closed.')
  const record = endRecord()
  if (record) yield record
}
