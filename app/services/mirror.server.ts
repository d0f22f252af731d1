import { getChainHead } from '~/models/signatory-chain.server'
import { PassThrough, Readable } from 'node:stream'
import yazl from 'yazl'
import type { DB } from '#db/database'
import { recordAuditEvent } from '~/models/audit.server'
import type { LetterWithVersion } from '~/models/letter.server'
import { getPublicCounts } from '~/models/signature-count.server'
import { listPublicSignatories, type PublicSignatory } from '~/models/signature.server'
import { escapeMarkup } from '~/services/embeds.server'
import { requirePermission, type LetterAccess } from '~/services/letter-access.server'
import { MIRROR_SCRIPT_JS, MIRROR_STYLE_CSS } from '~/services/mirror-assets.server'
import { findPublicLetter, letterJson, signatoryJson } from '~/services/public-api.server'
import { attachmentHeader } from '~/utils/csv-writer'
import { formatCount } from '~/utils/format'
import { signManifest, type MirrorKey } from '~/utils/mirror-key.server'
import {
  MANIFEST_FILE,
  MIRROR_FORMAT,
  SIGNATURE_FILE,
  sha256OfBytes,
  type MirrorManifest,
} from '~/utils/mirror-verify'
import { badgeLabel } from '~/utils/verification'

// The signed static mirror of a letter (README "Signed static mirror", ADR 019): the letter page
// and its whole public list as plain files any static host can serve, with a manifest of their
// SHA-256s signed by the instance's Ed25519 key. Built in memory: 100,000 names make about 60 MB.

/** Names per list page (and per data/signatories-N.json). */
export const MIRROR_PAGE_SIZE = 1000

export type MirrorFiles = Map<string, Buffer>

const listPagePath = (page: number) => (page === 1 ? 'index.html' : `list-${page}.html`)

function signatoryItem(signatory: ReturnType<typeof signatoryJson>): string {
  const details = [signatory.profession, signatory.organization, signatory.location].filter(Boolean)
  const badge = signatory.verification.professionVerified
    ? ` <span class="badge">${escapeMarkup(badgeLabel(signatory.profession))}</span>`
    : ''
  return `<li><span class="signatory__name">${escapeMarkup(signatory.name)}</span>${badge}
<span class="signatory__details">${escapeMarkup(details.join(' · '))}</span>
<span class="signatory__verification">${escapeMarkup(signatory.verification.description)}</span></li>`
}

function pager(page: number, pages: number): string {
  if (pages <= 1) return ''
  const links = Array.from({ length: pages }, (_, index) => {
    const number = index + 1
    return number === page
      ? `<span aria-current="page">Page ${number}</span>`
      : `<a href="${listPagePath(number)}">Page ${number}</a>`
  })
  return `<nav class="pager" aria-label="Pages of the list">${links.join('\n')}</nav>`
}

type PageInput = {
  letter: ReturnType<typeof letterJson>
  generatedAt: string
  instance: string
  page: number
  pages: number
  signatories: ReturnType<typeof signatoryJson>[]
  firstNumber: number
}

function listPageHtml({
  letter,
  generatedAt,
  instance,
  page,
  pages,
  signatories,
  firstNumber,
}: PageInput): string {
  const title = page === 1 ? letter.title : `${letter.title}: signatories, page ${page}`
  const counts = letter.counts
  const intro =
    page === 1
      ? `<p class="meta">${escapeMarkup(letter.recipient)}${letter.organizers ? `<br>${escapeMarkup(letter.organizers)}` : ''}</p>
<div class="letter-text">${letter.version.html}</div>
<p class="meta">Version ${letter.version.number} of the text, SHA-256 <code>${escapeMarkup(letter.version.sha256)}</code>.</p>
<p class="counts"><strong>${formatCount(counts.total)}</strong> ${counts.total === 1 ? 'signature' : 'signatures'}${
          counts.counted
            ? ` (${formatCount(counts.listed)} listed by name, ${formatCount(counts.counted)} counted only)`
            : ''
        }.</p>`
      : `<p><a href="index.html">Back to the letter</a></p>`
  const list = signatories.length
    ? `<ol class="signatories" start="${firstNumber}">\n${signatories.map(signatoryItem).join('\n')}\n</ol>`
    : `<p>No one is listed yet.</p>`
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>${escapeMarkup(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="style.css">
<script src="mirror.js" defer></script>
</head>
<body>
<main>
<p id="mirror-check" class="mirror-check" role="status" data-state="unchecked">A signed copy of an open letter, as published by ${escapeMarkup(
    instance,
  )} on ${generatedAt.slice(0, 10)}. With JavaScript on, this page checks itself against its signed manifest.</p>
<h1>${escapeMarkup(title)}</h1>
${intro}
<h2 id="signatories">Signatories</h2>
${pager(page, pages)}
${list}
${pager(page, pages)}
<footer>
<p>A static copy made ${escapeMarkup(generatedAt)} from <a href="${escapeMarkup(letter.links.page)}">${escapeMarkup(
    letter.links.page,
  )}</a>. The letter and the list as data: <a href="data/letter.json">data/letter.json</a> and ${pages === 1 ? '<a href="data/signatories-1.json">data/signatories-1.json</a>' : `data/signatories-1.json to data/signatories-${pages}.json`}. Every file is listed with its SHA-256 in <a href="manifest.json">manifest.json</a>, signed in manifest.sig with the key published at ${escapeMarkup(
    `${instance}/.well-known/undersigned.json`,
  )}.</p>
</footer>
</main>
</body>
</html>
`
}

const jsonBytes = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8')

/**
 * Every file of the mirror of a published letter, signed. Pages of the list are read by keyset,
 * one short query each, with a turn of the event loop between them (as the CSV exports do).
 */
export async function buildMirror(
  db: DB,
  letter: LetterWithVersion,
  options: { appUrl: string; key: MirrorKey; now?: Date; pageSize?: number },
): Promise<MirrorFiles> {
  const { appUrl, key, now = new Date(), pageSize = MIRROR_PAGE_SIZE } = options
  const generatedAt = now.toISOString()
  const chain = await getChainHead(db, letter.id)
  const letterData = letterJson(letter, await getPublicCounts(db, letter), chain, appUrl, now)
  const files: MirrorFiles = new Map()

  const pages: PublicSignatory[][] = []
  let after: number | undefined
  for (;;) {
    const batch = await listPublicSignatories(db, letter, { after, pageSize })
    if (batch.signatories.length || pages.length === 0) pages.push(batch.signatories)
    if (batch.nextCursor === null) break
    after = batch.nextCursor
    await new Promise<void>((resolve) => setImmediate(resolve))
  }

  files.set('style.css', Buffer.from(MIRROR_STYLE_CSS, 'utf8'))
  files.set('mirror.js', Buffer.from(MIRROR_SCRIPT_JS, 'utf8'))
  files.set('data/letter.json', jsonBytes({ ...letterData, mirroredAt: generatedAt }))
  let firstNumber = 1
  pages.forEach((rows, index) => {
    const page = index + 1
    const signatories = rows.map(signatoryJson)
    files.set(
      `data/signatories-${page}.json`,
      jsonBytes({ letter: letter.slug, page, pages: pages.length, signatories }),
    )
    files.set(
      listPagePath(page),
      Buffer.from(
        listPageHtml({
          letter: letterData,
          generatedAt,
          instance: appUrl,
          page,
          pages: pages.length,
          signatories,
          firstNumber,
        }),
        'utf8',
      ),
    )
    firstNumber += rows.length
  })

  const manifest: MirrorManifest = {
    format: MIRROR_FORMAT,
    instance: appUrl,
    generatedAt,
    letter: {
      slug: letter.slug,
      title: letter.title,
      version: letter.version.version_number,
      versionSha256: letter.version.body_sha256,
    },
    key: { algorithm: 'Ed25519', keyId: key.keyId, publicKey: key.publicKey },
    // The signatory log's head when the mirror was made (ADR 018): signed with everything else.
    chain: { head: chain.hash, length: chain.length },
    files: [...files.keys()]
      .sort()
      .map((path) => ({ path, sha256: sha256OfBytes(files.get(path)!), size: files.get(path)!.length })),
  }
  const manifestBytes = jsonBytes(manifest)
  files.set(MANIFEST_FILE, manifestBytes)
  files.set(SIGNATURE_FILE, Buffer.from(signManifest(key, manifestBytes), 'utf8'))
  return files
}

/** The mirror of the published letter at this slug, or null for a draft or an unknown slug. */
export async function buildMirrorForSlug(
  db: DB,
  slug: string,
  options: { appUrl: string; key: MirrorKey; now?: Date },
): Promise<MirrorFiles | null> {
  const letter = await findPublicLetter(db, slug)
  return letter ? buildMirror(db, letter, options) : null
}

/** The mirror as a .zip, with its files inside a folder named after the letter. */
export function mirrorZip(files: MirrorFiles, folder: string): Readable {
  const zip = new yazl.ZipFile()
  const mtime = new Date()
  for (const [path, bytes] of files) zip.addBuffer(bytes, `${folder}/${path}`, { mtime })
  zip.end()
  // yazl's stream is a Node stream of its own making: pass it through a standard one.
  return zip.outputStream.pipe(new PassThrough())
}

export function mirrorFolderName(slug: string, now = new Date()): string {
  return `${slug}-mirror-${now.toISOString().slice(0, 10)}`
}

/**
 * The organizer download: public data only, but signed in the instance's name, so it is audited.
 * Any member of the letter's team may take it (the 'view' permission): it holds nothing the public
 * page does not show.
 */
export async function organizerMirrorDownload(
  db: DB,
  request: Request,
  access: LetterAccess,
  options: { appUrl: string; key: MirrorKey; now?: Date },
): Promise<Response> {
  requirePermission(access, 'view', 'Only the letter’s team can download its mirror.')
  const now = options.now ?? new Date()
  const letter = await findPublicLetter(db, access.letter.slug)
  if (!letter) {
    throw new Response('A draft has no public page to mirror: open the letter first.', { status: 409 })
  }
  const folder = mirrorFolderName(letter.slug, now)
  const headers = {
    'Content-Type': 'application/zip',
    'Content-Disposition': attachmentHeader(`${folder}.zip`),
    'Cache-Control': 'private, no-store',
  }
  // A HEAD builds nothing, signs nothing and is not an export.
  if (request.method === 'HEAD') return new Response(null, { headers })
  const files = await buildMirror(db, letter, { ...options, now })
  await recordAuditEvent(
    db,
    {
      actor: { type: 'user', user: access.user },
      action: 'letter.mirror-exported',
      letterId: letter.id,
      after: { format: 'zip', keyId: options.key.keyId, files: files.size },
    },
    now,
  )
  return new Response(Readable.toWeb(mirrorZip(files, folder)) as ReadableStream<Uint8Array>, { headers })
}
