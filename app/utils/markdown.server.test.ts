import { expect, test } from 'vitest'
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
