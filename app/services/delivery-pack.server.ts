import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { marked, type Token, type Tokens } from 'marked'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import type { DB } from '#db/database'
import type { LetterVersion } from '#db/schema'
import { recordAuditEvent } from '~/models/audit.server'
import { listPackSignatories, type PackCursor } from '~/models/delivery-pack.server'
import { getLetterVersion } from '~/models/letter.server'
import { getPublicCounts } from '~/models/signature-count.server'
import { requirePermission, type LetterAccess } from '~/services/letter-access.server'
import { describeVerification, PUBLIC_LEVEL_PHRASES } from '~/utils/verification'

// The delivery pack (issue 7, ADR 020): a PDF for the letter's recipient with the text signed, the
// counts, and every listed name grouped by profession and location, with a link and QR code to the
// public page where each name can be checked. It is streamed: signatories are read in keyset
// batches, and the next batch waits until the reader has taken what the last one wrote.

export const PACK_BATCH_SIZE = 1000

const require = createRequire(import.meta.url)
// DejaVu covers Latin, Greek and Cyrillic, so every signer's name prints as they wrote it.
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf')
const FONTS = {
  body: join(FONT_DIR, 'DejaVuSerif.ttf'),
  bodyBold: join(FONT_DIR, 'DejaVuSerif-Bold.ttf'),
  bodyItalic: join(FONT_DIR, 'DejaVuSerif-Italic.ttf'),
  bodyBoldItalic: join(FONT_DIR, 'DejaVuSerif-BoldItalic.ttf'),
  sans: join(FONT_DIR, 'DejaVuSans.ttf'),
  sansBold: join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
  mono: join(FONT_DIR, 'DejaVuSansMono.ttf'),
} as const

type Doc = InstanceType<typeof PDFDocument>

export type DeliveryPackOptions = {
  /** The public letter page, printed and encoded in the QR code. */
  letterUrl: string
  /** Off in tests, so the text can be read in the file. */
  compress?: boolean
  batchSize?: number
  now?: Date
}

function inlineFont(bold: boolean, italic: boolean) {
  if (bold && italic) return 'bodyBoldItalic'
  if (bold) return 'bodyBold'
  if (italic) return 'bodyItalic'
  return 'body'
}

type Run = { text: string; font: string; link?: string }

/** Flattens Markdown inline tokens into runs of one font each. */
function inlineRuns(tokens: Token[] | undefined, bold = false, italic = false, link?: string): Run[] {
  const runs: Run[] = []
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
        runs.push(...inlineRuns((token as Tokens.Strong).tokens, true, italic, link))
        break
      case 'em':
        runs.push(...inlineRuns((token as Tokens.Em).tokens, bold, true, link))
        break
      case 'link':
        runs.push(...inlineRuns((token as Tokens.Link).tokens, bold, italic, (token as Tokens.Link).href))
        break
      case 'codespan':
        runs.push({ text: (token as Tokens.Codespan).text, font: 'mono', link })
        break
      case 'br':
        runs.push({ text: '\n', font: inlineFont(bold, italic), link })
        break
      case 'text':
        if ('tokens' in token && token.tokens?.length)
          runs.push(...inlineRuns(token.tokens, bold, italic, link))
        else
          runs.push({
            text: decodeEntities((token as Tokens.Text).text),
            font: inlineFont(bold, italic),
            link,
          })
        break
      default:
        if ('text' in token && typeof token.text === 'string') {
          runs.push({ text: decodeEntities(token.text), font: inlineFont(bold, italic), link })
        }
    }
  }
  return runs
}

function decodeEntities(text: string) {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

function writeRuns(doc: Doc, runs: Run[], options: PDFKit.Mixins.TextOptions = {}) {
  if (runs.length === 0) return
  runs.forEach((run, index) => {
    doc.font(run.font)
    doc.text(run.text, {
      ...options,
      continued: index < runs.length - 1,
      link: run.link ?? null,
      underline: Boolean(run.link),
    })
  })
}

/** The letter's Markdown as PDF text: headings, paragraphs, lists, quotes, emphasis and links. */
export function writeMarkdown(doc: Doc, markdown: string) {
  const left = doc.page.margins.left
  const writeBlocks = (tokens: Token[], indent: number) => {
    for (const token of tokens) {
      switch (token.type) {
        case 'heading': {
          const heading = token as Tokens.Heading
          doc.moveDown(0.5).fontSize(Math.max(12, 20 - heading.depth * 2))
          writeRuns(
            doc,
            inlineRuns(heading.tokens).map((run) => ({ ...run, font: 'bodyBold' })),
            { indent },
          )
          doc.fontSize(11).moveDown(0.3)
          break
        }
        case 'paragraph':
          writeRuns(doc, inlineRuns((token as Tokens.Paragraph).tokens), { indent, align: 'left' })
          doc.moveDown(0.6)
          break
        case 'list': {
          const list = token as Tokens.List
          list.items.forEach((item, index) => {
            const marker = list.ordered ? `${Number(list.start || 1) + index}.` : '•'
            doc.font('body').text(marker, left + indent, doc.y, { continued: false, width: 24 })
            doc.moveUp()
            const x = doc.x
            doc.x = left + indent + 20
            for (const child of item.tokens) {
              if (child.type === 'text') {
                writeRuns(doc, inlineRuns((child as Tokens.Text).tokens ?? [child]), {})
              } else writeBlocks([child], indent + 20)
            }
            doc.x = x
          })
          doc.x = left
          doc.moveDown(0.6)
          break
        }
        case 'blockquote':
          doc.fillColor('#444444')
          writeBlocks((token as Tokens.Blockquote).tokens, indent + 20)
          doc.fillColor('black')
          break
        case 'code':
          doc
            .font('mono')
            .fontSize(9)
            .text((token as Tokens.Code).text, { indent })
          doc.fontSize(11).moveDown(0.6)
          break
        case 'hr':
          doc.moveDown(0.3)
          doc
            .moveTo(left, doc.y)
            .lineTo(doc.page.width - doc.page.margins.right, doc.y)
            .strokeColor('#999999')
            .stroke()
          doc.moveDown(0.6)
          break
        case 'space':
          break
        default:
          if ('text' in token && typeof token.text === 'string') {
            doc.font('body').text(decodeEntities(token.text), { indent })
            doc.moveDown(0.6)
          }
      }
    }
  }
  doc.font('body').fontSize(11)
  writeBlocks(marked.lexer(markdown), 0)
}

function sectionHeading(doc: Doc, text: string) {
  doc.moveDown(0.8).font('sansBold').fontSize(15).text(text, doc.page.margins.left)
  doc.font('body').fontSize(11).moveDown(0.4)
}

/**
 * The delivery pack as a stream of PDF bytes. Who asked for it is recorded in the audit log before
 * the first byte leaves ('letter.delivery-pack').
 */
export async function deliveryPackPdf(
  db: DB,
  access: LetterAccess,
  options: DeliveryPackOptions,
): Promise<ReadableStream<Uint8Array>> {
  requirePermission(access, 'view', 'You may not download this letter’s delivery pack.')
  const { letter } = access
  const now = options.now ?? new Date()
  const version = letter.current_version_id ? await getLetterVersion(db, letter.current_version_id) : null
  if (!version) throw new Response('This letter has no text yet', { status: 404 })
  const counts = await getPublicCounts(db, letter)
  const qrPng = await QRCode.toBuffer(options.letterUrl, { type: 'png', margin: 1, width: 300 })
  await recordAuditEvent(
    db,
    {
      actor: { type: 'user', user: access.user },
      action: 'letter.delivery-pack',
      letterId: letter.id,
      after: { versionNumber: version.version_number, listed: counts.listed, total: counts.total },
    },
    now,
  )

  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    compress: options.compress ?? true,
    info: {
      Title: `${letter.title} — delivery pack`,
      Author: letter.organizers_line,
      Subject: `Open letter to ${letter.recipient}`,
      CreationDate: now,
    },
  })
  for (const [name, path] of Object.entries(FONTS)) doc.registerFont(name, path)

  // Backpressure: pdfkit pushes as it draws; between batches the writer waits until the reader
  // has drained the queue, so about a batch of pages sits in memory, whatever the letter's size.
  let wakeWriter: (() => void) | null = null
  let cancelled = false
  let queue: ReadableStreamDefaultController<Uint8Array> | null = null
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        queue = controller
        doc.on('data', (chunk: Buffer) => {
          if (!cancelled) controller.enqueue(new Uint8Array(chunk))
        })
        doc.on('end', () => {
          if (!cancelled) controller.close()
        })
      },
      pull() {
        wakeWriter?.()
        wakeWriter = null
      },
      cancel() {
        cancelled = true
        wakeWriter?.()
      },
    },
    { highWaterMark: 256 * 1024, size: (chunk) => chunk.byteLength },
  )
  const waitForReader = async () => {
    // A turn of the event loop too: better-sqlite3 answers synchronously.
    await new Promise<void>((resolve) => setImmediate(resolve))
    while (!cancelled && (queue?.desiredSize ?? 1) <= 0) {
      await new Promise<void>((resolve) => (wakeWriter = resolve))
    }
  }
  writePack(doc, db, {
    letter,
    version,
    counts,
    qrPng,
    options,
    now,
    waitForReader,
    isCancelled: () => cancelled,
  }).catch((error: unknown) => {
    if (!cancelled) queue?.error(error)
  })
  return stream
}

type PackContents = {
  letter: LetterAccess['letter']
  version: LetterVersion
  counts: Awaited<ReturnType<typeof getPublicCounts>>
  qrPng: Buffer
  options: DeliveryPackOptions
  now: Date
  waitForReader: () => Promise<void>
  isCancelled: () => boolean
}

const LEVEL_ORDER = ['registry', 'domain', 'moderator', 'email'] as const

async function writePack(doc: Doc, db: DB, pack: PackContents) {
  const { letter, version, counts, qrPng, options, now } = pack
  const left = doc.page.margins.left
  const width = doc.page.width - left - doc.page.margins.right

  // Cover: who, to whom, which text, and where to check.
  doc
    .font('sans')
    .fontSize(10)
    .fillColor('#555555')
    .text(`Open letter · delivery pack · ${now.toISOString().slice(0, 10)}`)
  doc.moveDown(0.5).fillColor('black').font('sansBold').fontSize(22).text(letter.title)
  doc.moveDown(0.5).font('body').fontSize(12)
  doc.text(`To: ${letter.recipient}`)
  doc.text(`From: ${letter.organizers_line}`)
  doc.moveDown(0.5).font('sans').fontSize(10)
  doc.text(`Text: version ${version.version_number}, published ${version.published_at.slice(0, 10)}`)
  doc.text(`SHA-256 of the text: `, { continued: true }).font('mono').fontSize(8.5).text(version.body_sha256)
  doc.font('sans').fontSize(10).moveDown(0.8)
  doc.text('Each name in this pack can be checked on the letter’s public page:')
  doc
    .fillColor('#1a4e8a')
    .text(options.letterUrl, { link: options.letterUrl, underline: true })
    .fillColor('black')
  const qrTop = doc.y + 8
  doc.image(qrPng, left, qrTop, { width: 110, height: 110 })
  doc.y = qrTop + 118
  doc.x = left

  sectionHeading(doc, 'Signatories in numbers')
  doc.font('body').fontSize(11)
  doc.text(
    `${counts.total} ${counts.total === 1 ? 'person has' : 'people have'} signed: ${counts.listed} listed by name in this pack` +
      (counts.counted ? `, ${counts.counted} more who asked not to be listed.` : '.'),
  )
  doc.moveDown(0.4)
  for (const level of LEVEL_ORDER) {
    const count = counts.byLevel[level]
    if (count) doc.text(`• ${count} verified ${PUBLIC_LEVEL_PHRASES[level]}`, { indent: 10 })
  }
  if (counts.byProfession.length) {
    doc.moveDown(0.4).font('bodyBold').text('By profession').font('body')
    for (const profession of counts.byProfession) {
      doc.text(
        `• ${profession.profession}: ${profession.count} (${profession.verified} with the profession verified)`,
        {
          indent: 10,
        },
      )
    }
  }

  doc.addPage()
  sectionHeading(doc, `The letter (version ${version.version_number})`)
  writeMarkdown(doc, version.body_markdown)

  doc.addPage()
  sectionHeading(doc, 'Signatories')
  doc.font('sans').fontSize(9).fillColor('#555555')
  doc.text('Grouped by profession, then location; within each, in the order they signed.', { width })
  doc.fillColor('black')

  const batchSize = options.batchSize ?? PACK_BATCH_SIZE
  let cursor: PackCursor | null = null
  let currentProfession: string | null = null
  let currentLocation: string | null = null
  for (;;) {
    const batch = await listPackSignatories(db, letter, cursor, batchSize)
    for (const signatory of batch) {
      const professionKey = signatory.profession.toLowerCase()
      if (professionKey !== currentProfession) {
        currentProfession = professionKey
        currentLocation = null
        if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage()
        doc
          .moveDown(0.6)
          .font('sansBold')
          .fontSize(13)
          .text(signatory.profession || 'Profession not given', left)
      }
      if (signatory.location !== currentLocation) {
        currentLocation = signatory.location
        if (doc.y > doc.page.height - doc.page.margins.bottom - 50) doc.addPage()
        doc
          .moveDown(0.3)
          .font('sansBold')
          .fontSize(10)
          .fillColor('#333333')
          .text(signatory.location || 'Location not given', left)
        doc.fillColor('black')
      }
      const verification = describeVerification(
        signatory.verification_level,
        signatory.verification_method,
        signatory.verified_at,
        signatory.verifier_label,
      )
      const provenance = signatory.imported_from
        ? ` · imported from ${signatory.imported_from} on ${signatory.imported_at?.slice(0, 10)}`
        : ''
      doc
        .font('body')
        .fontSize(10)
        .text(signatory.name, left + 10, doc.y, { continued: true, width: width - 10 })
      doc.font('sans').fontSize(8.5).fillColor('#444444')
      doc.text(`  ${signatory.organization} · ${verification}${provenance}`, { width: width - 10 })
      doc.fillColor('black')
    }
    if (batch.length < batchSize || pack.isCancelled()) break
    const last = batch[batch.length - 1]!
    cursor = { profession: last.profession, location: last.location, id: last.id }
    await pack.waitForReader()
  }
  if (counts.listed === 0) doc.font('body').fontSize(11).text('No one is listed by name yet.', left)
  doc.end()
}
