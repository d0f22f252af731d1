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

/**
 * A CSV file as a byte stream: the BOM and header first, then one chunk per batch of records,
 * each pulled only when the consumer asks for more and, with `waitForClient`, only once the client
 * has taken what was sent (the response says when it is full). Only the batch being written is
 * in memory; cancelling the stream (a closed download) closes `batches`, which ends its queries.
 */
export function csvStream(
  header: readonly string[],
  batches: AsyncIterable<readonly (readonly CsvValue[])[]>,
  options: { waitForClient?: () => Promise<void> } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const iterator = batches[Symbol.asyncIterator]()
  let preamble = UTF8_BOM + csvRecord(header)
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          await options.waitForClient?.()
          const next = await iterator.next()
          const text = preamble + (next.done ? '' : next.value.map(csvRecord).join(''))
          preamble = ''
          if (text) controller.enqueue(encoder.encode(text))
          if (next.done) controller.close()
        } catch (error) {
          controller.error(error)
        }
      },
      async cancel() {
        await iterator.return?.()
      },
    },
    { highWaterMark: 0 },
  )
}

/** A file name for Content-Disposition, from characters that need no quoting anywhere. */
export function attachmentHeader(fileName: string): string {
  const safe = fileName.replace(/[^A-Za-z0-9._-]+/g, '-')
  return `attachment; filename="${safe}"`
}
