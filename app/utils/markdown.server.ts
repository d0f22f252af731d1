import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

const marked = new Marked({ gfm: true, breaks: false, async: false })

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2',
    'h3',
    'h4',
    'p',
    'br',
    'hr',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'b',
    'i',
    'a',
    'code',
    'pre',
    'del',
    'sup',
    'sub',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: {
    // The letter's own title is the page's only h1.
    h1: 'h2',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
  },
}

const cache = new Map<string, string>()

/** Letter Markdown to safe HTML. Versions never change, so each is rendered once per process. */
export function renderLetterMarkdown(markdown: string, cacheKey?: string): string {
  if (cacheKey) {
    const cached = cache.get(cacheKey)
    if (cached !== undefined) return cached
  }
  const html = sanitizeHtml(marked.parse(markdown) as string, sanitizeOptions)
  if (cacheKey) cache.set(cacheKey, html)
  return html
}
