import { describe, expect, test } from 'vitest'
import { RUN, XSS_LETTER_BODY, XSS_VECTORS } from '../../tests/xss-corpus'
import { renderLetterMarkdown } from './markdown.server'

test('renders the letter’s Markdown', () => {
  const html = renderLetterMarkdown(
    '# Title\n\nWe **ask** you:\n\n- to listen\n- to [read](https://example.org)',
  )
  expect(html).toContain('<h2>Title</h2>')
  expect(html).toContain('<strong>ask</strong>')
  expect(html).toContain('<li>to listen</li>')
  expect(html).toContain('<a href="https://example.org" rel="nofollow noopener noreferrer">read</a>')
})

test.each([
  ['<script>alert(1)</script>Hello', '<script'],
  ['<img src=x onerror=alert(1)>', 'onerror'],
  ['[click](javascript:alert(1))', 'javascript:'],
  ['[data](data:text/html;base64,PHNjcmlwdD4=)', 'data:'],
  ['<a href="x" onclick="alert(1)">x</a>', 'onclick'],
  ['<svg onload=alert(1)></svg>', '<svg'],
  ['<style>body{display:none}</style>', '<style'],
  ['<iframe src="https://evil.example"></iframe>', '<iframe'],
])('removes %s', (markdown, forbidden) => {
  expect(renderLetterMarkdown(markdown).toLowerCase()).not.toContain(forbidden)
})

// What the renderer may ever write: these tags, these attributes, links to these schemes.
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  h2: [],
  h3: [],
  h4: [],
  p: [],
  br: [],
  hr: [],
  blockquote: [],
  ul: [],
  ol: ['start'],
  li: [],
  strong: [],
  em: [],
  b: [],
  i: [],
  a: ['href', 'title', 'rel'],
  code: [],
  pre: [],
  del: [],
  sup: [],
  sub: [],
}
const SAFE_PROTOCOLS = ['http:', 'https:', 'mailto:']

const decodeAttribute = (value: string) =>
  value
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** Every way the output could make a browser run something, as a list of findings. */
function dangersIn(html: string): string[] {
  const dangers: string[] = []
  const tag = /<(\/?)([a-zA-Z][^\s/>]*)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*(\/?)>/g
  for (const [, closing, name, attributes] of html.matchAll(tag)) {
    const allowed = ALLOWED_ATTRIBUTES[name!]
    if (!allowed) {
      dangers.push(`tag <${name}>`)
      continue
    }
    if (closing && attributes) dangers.push(`attributes on a closing tag: ${attributes}`)
    for (const [, attribute, value = ''] of attributes!.matchAll(/\s+([^\s=>]+)(?:="([^"]*)")?/g)) {
      if (!allowed.includes(attribute!)) dangers.push(`attribute ${attribute} on <${name}>`)
      if (attribute === 'href') {
        // Resolved as a browser would: control characters, tabs and newlines dropped, case folded.
        const url = new URL(decodeAttribute(value), 'https://letters.example/letters/x')
        if (!SAFE_PROTOCOLS.includes(url.protocol)) dangers.push(`link to ${url.protocol} (${value})`)
      }
    }
  }
  // Whatever is not a tag above must be text: a "<" left over would start markup in a browser.
  const rest = html.replace(tag, '')
  if (rest.includes('<'))
    dangers.push(`unescaped "<" in: ${rest.slice(rest.indexOf('<'), rest.indexOf('<') + 60)}`)
  return dangers
}

describe('the XSS corpus (tests/xss-corpus.ts)', () => {
  test.each(XSS_VECTORS)('%s: nothing that could run survives', (_name, markdown) => {
    expect(dangersIn(renderLetterMarkdown(markdown))).toEqual([])
  })

  test('the whole corpus as one letter: nothing that could run survives, the text does', () => {
    const html = renderLetterMarkdown(XSS_LETTER_BODY)
    expect(dangersIn(html)).toEqual([])
    expect(html).toContain('<p>This letter is a test of the renderer. Nothing below may run.</p>')
    // Code keeps its text, escaped.
    expect(html).toContain(`<code>&lt;script&gt;${RUN}&lt;/script&gt;</code>`)
  })

  test('the checker itself finds what it must', () => {
    expect(dangersIn('<p onclick="x">a</p>')).toEqual(['attribute onclick on <p>'])
    expect(dangersIn('<a href="&#106;avascript:x">a</a>')).toEqual([
      'link to javascript: (&#106;avascript:x)',
    ])
    expect(dangersIn('<a href="java\tscript:x">a</a>')).toEqual(['link to javascript: (java\tscript:x)'])
    expect(dangersIn('<svg></svg>')).toEqual(['tag <svg>', 'tag <svg>'])
    expect(dangersIn('<p>a <img/src=x></p>')).toEqual(['unescaped "<" in: <img/src=x>'])
    expect(dangersIn('<!-- x -->')).toEqual(['unescaped "<" in: <!-- x -->'])
    expect(dangersIn('<p>fine <a href="https://example.org" rel="nofollow">link</a> &lt;b&gt;</p>')).toEqual(
      [],
    )
  })
})
