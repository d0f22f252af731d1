import type { LetterStatus } from '#db/schema'
import { formatCount } from '~/utils/format'

// What other sites put on their pages (README "Read API and embeds"): a count badge (SVG) and a
// small framed page. Both are built as text here, outside the app's layout: no chrome, no scripts,
// no cookies, nothing to hydrate.

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text safe inside an XML or HTML element or a quoted attribute. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]!)
}

// Widths of Verdana 11px glyphs, near enough for a badge to fit its text (the same idea as shields.io).
const narrow = new Set([...',.:;!|il1 '])
const wide = new Set([...'mwMW@%'])
function textWidth(text: string): number {
  let width = 0
  for (const char of text) width += narrow.has(char) ? 3.9 : wide.has(char) ? 10.5 : 7
  return Math.ceil(width)
}

export function signaturesPhrase(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'signature' : 'signatures'}`
}

/** A flat badge, "signatures | 1,234", whose accessible name also names the letter. */
export function countBadgeSvg(input: { title: string; count: number }): string {
  const label = 'signatures'
  const value = formatCount(input.count)
  const labelWidth = textWidth(label) + 12
  const valueWidth = textWidth(value) + 12
  const width = labelWidth + valueWidth
  const name = escapeMarkup(`${signaturesPhrase(input.count)} on “${input.title}”`)
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20" role="img" aria-label="${name}">`,
    `<title>${name}</title>`,
    `<clipPath id="round"><rect width="${width}" height="20" rx="3"/></clipPath>`,
    `<g clip-path="url(#round)"><rect width="${labelWidth}" height="20" fill="#4a4f57"/><rect x="${labelWidth}" width="${valueWidth}" height="20" fill="#7a1f2b"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11" aria-hidden="true">`,
    `<text x="${labelWidth / 2}" y="14">${label}</text>`,
    `<text x="${labelWidth + valueWidth / 2}" y="14">${escapeMarkup(value)}</text>`,
    `</g></svg>`,
  ].join('')
}

const embedStyles = `
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24;background:#fffdf8;
  display:flex;align-items:center;padding:1rem 1.25rem;line-height:1.35}
main{width:100%}
.eyebrow{margin:0 0 .25rem;font-size:.75rem;letter-spacing:.06em;text-transform:uppercase;color:#5b616a}
h1{margin:0 0 .5rem;font-size:1.1rem;font-family:Georgia,'Times New Roman',serif}
h1 a{color:inherit;text-decoration:none}
h1 a:hover,h1 a:focus-visible{text-decoration:underline}
.count{margin:0 0 .75rem;font-size:.95rem}
.count strong{font-size:1.6rem;color:#7a1f2b;margin-right:.25rem}
.sign{display:inline-block;padding:.55rem 1rem;border-radius:.4rem;background:#7a1f2b;color:#fff;
  font-weight:600;text-decoration:none}
.sign:hover{background:#5f1721}
a:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.closed{margin:0;color:#5b616a;font-size:.9rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`

function embedDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeMarkup(title)}</title><style>${embedStyles}</style></head>
<body><main>${body}</main></body></html>`
}

/**
 * The framed embed: the letter's title, its count and a button that opens the letter in a new tab
 * (never inside the frame, where the host page could dress it up).
 */
export function letterEmbedHtml(input: {
  title: string
  count: number
  status: LetterStatus
  letterUrl: string
}): string {
  const url = escapeMarkup(input.letterUrl)
  const open = input.status === 'open'
  const [number, ...words] = signaturesPhrase(input.count).split(' ')
  return embedDocument(
    `${input.title} · Undersigned`,
    `<p class="eyebrow">Open letter</p>
<h1><a href="${url}" target="_blank" rel="noopener">${escapeMarkup(input.title)}</a></h1>
<p class="count"><strong>${number}</strong> ${words.join(' ')}</p>
${
  open
    ? `<a class="sign" href="${url}#sign" target="_blank" rel="noopener">Sign this letter<span class="visually-hidden"> (opens in a new tab)</span></a>`
    : `<p class="closed">This letter is closed. <a href="${url}" target="_blank" rel="noopener">Read it</a></p>`
}`,
  )
}

export function missingLetterEmbedHtml(): string {
  return embedDocument(
    'Letter not found · Undersigned',
    '<h1>No published letter here</h1><p class="closed">The letter may have moved or not be published yet.</p>',
  )
}

/** For embed and badge responses: they load nothing but their own inline style. */
export const EMBED_CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

/** The snippets organizers paste into their sites (admin "Share and export" page). */
export function embedSnippets(appUrl: string, letter: { slug: string; title: string }) {
  const letterUrl = `${appUrl}/letters/${letter.slug}`
  const badgeUrl = `${letterUrl}/badge.svg`
  const embedUrl = `${appUrl}/embed/letters/${letter.slug}`
  const title = escapeMarkup(letter.title)
  const markdownTitle = letter.title.replace(/[[\]\\]/g, '\\$&')
  return {
    letterUrl,
    badgeUrl,
    embedUrl,
    badgeHtml: `<a href="${letterUrl}"><img src="${badgeUrl}" alt="Signature count of ${title}" height="20"></a>`,
    badgeMarkdown: `[![Signature count of ${markdownTitle}](${badgeUrl})](${letterUrl})`,
    iframe: `<iframe src="${embedUrl}" title="${title}: sign the open letter" width="100%" height="200" style="border:1px solid #d9d4c7;border-radius:6px;max-width:26rem" loading="lazy"></iframe>`,
  }
}
