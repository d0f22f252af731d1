// The writing side of CSV (app/utils/csv.ts reads): RFC 4180 records (CRLF, quoted fields with
// doubled quotes), UTF-8 with a byte-order mark so spreadsheets read accents and scripts right, and
// cells that a spreadsheet would run as a formula defused with a leading apostrophe (OWASP's advice).

export type CsvValue = string | number | null | undefined

const UTF8_BOM = '\uFEFF'
/** Characters a spreadsheet reads as the start of a formula (tab and CR included, per OWASP). */
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/** One field, ready to join: numbers as they are, text defused and quoted when it has to be. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  const text = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One record with its CRLF. */
export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}

/** Records are gathered into chunks of about this many characters before they are encoded. */
const CHUNK_CHARS = 16 * 1024

/**
 * A CSV file as a byte stream: the BOM and header first, then records as the consumer asks for
 * them. Only the chunk being built (and whatever batch `rows` holds) is ever in memory; cancelling
 * the stream (a closed download) closes `rows`, which ends its queries.
 */
export function csvStream(
  header: readonly string[],
  rows: AsyncIterable<readonly CsvValue[]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const iterator = rows[Symbol.asyncIterator]()
  let started = false
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk = started ? '' : UTF8_BOM + csvRecord(header)
        started = true
        try {
          while (chunk.length < CHUNK_CHARS) {
            const next = await iterator.next()
            if (next.done) {
              if (chunk) controller.enqueue(encoder.encode(chunk))
              controller.close()
              return
            }
            chunk += csvRecord(next.value)
          }
        } catch (error) {
          controller.error(error)
          return
        }
        controller.enqueue(encoder.encode(chunk))
      },
      async cancel() {
        await iterator.return?.()
      },
    },
    { highWaterMark: 1 },
  )
}

/** A file name for Content-Disposition, from characters that need no quoting anywhere. */
export function attachmentHeader(fileName: string): string {
  const safe = fileName.replace(/[^A-Za-z0-9._-]+/g, '-')
  return `attachment; filename="${safe}"`
}
