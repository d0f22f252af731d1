import { parseDocument } from 'htmlparser2'
import { findAll, findOne, getAttributeValue, textContent } from 'domutils'
import type { Element } from 'domhandler'
import { describe, expect, test } from 'vitest'
import { requireLetterAccess } from '~/services/letter-access.server'
import { publishUpdate, reviseUpdate } from '~/services/letter-updates.server'
import { getDb } from '~/utils/db.server'
import { createTestUser } from '../../tests/auth-helpers'
import { createTestLetter } from '../../tests/factories'
import { callRoute } from '../../tests/route-helpers'
import { loader } from './letters.$slug_.updates[.]atom'

// APP_URL in tests is http://localhost:3000 (tests/setup/setup-test-env.ts).
const appUrl = 'http://localhost:3000'
const HOSTILE_TITLE = `</title><script>alert("x")</script> & 'quotes' ]]> <!--`

const fetchFeed = (slug: string, headers: Record<string, string> = {}) =>
  callRoute(loader, new Request(`${appUrl}/letters/${slug}/updates.atom`, { headers }), { slug })

async function letterWithUpdates(traits: Parameters<typeof createTestLetter>[1] = {}) {
  const letter = await createTestLetter(getDb(), traits)
  const user = await createTestUser(getDb(), { letterId: letter.id })
  const access = await requireLetterAccess(getDb(), user, letter.id, 'edit')
  return { letter, access }
}

/** The feed as an XML tree; the structure Atom 1.0 (RFC 4287) requires is asserted on it. */
function parseFeed(xml: string) {
  const document = parseDocument(xml, { xmlMode: true })
  const feed = findOne((node) => node.name === 'feed', document.children)!
  const children = (parent: Element, name: string) =>
    parent.children.filter((node): node is Element => (node as Element).name === name)
  const only = (parent: Element, name: string) => {
    const found = children(parent, name)
    expect(found, `exactly one <${name}>`).toHaveLength(1)
    return found[0]!
  }
  return { document, feed, children, only }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

describe('the Atom feed of a letter’s updates', () => {
  test('is valid Atom 1.0: feed id, title, updated, self and alternate links, and full entries', async () => {
    const { letter, access } = await letterWithUpdates({ title: 'On sentencing' })
    const first = await publishUpdate(
      getDb(),
      access,
      { title: 'Delivered', bodyMarkdown: 'Handed **in**.' },
      appUrl,
      new Date('2026-11-01T10:00:00Z'),
    )
    await publishUpdate(
      getDb(),
      access,
      { title: 'Answered', bodyMarkdown: 'They wrote back.' },
      appUrl,
      new Date('2026-11-05T10:00:00Z'),
    )
    await reviseUpdate(
      getDb(),
      access,
      first.update.id,
      { title: 'Delivered', bodyMarkdown: 'Handed in.' },
      new Date('2026-11-06T09:00:00Z'),
    )

    const response = await fetchFeed(letter.slug)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('application/atom+xml; charset=utf-8')
    expect(response.headers.get('Cache-Control')).toMatch(/^public, max-age=\d+/)
    expect(
      response.data.startsWith(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
      ),
    ).toBe(true)

    const { feed, children, only } = parseFeed(response.data)
    expect(getAttributeValue(feed, 'xmlns')).toBe('http://www.w3.org/2005/Atom')
    expect(textContent(only(feed, 'id'))).toMatch(
      new RegExp(`^tag:localhost,\\d{4}-\\d{2}-\\d{2}:letters/${letter.id}/updates$`),
    )
    expect(textContent(only(feed, 'title'))).toBe('Updates: On sentencing')
    // The feed is as new as its newest change: the correction of Nov 6.
    expect(textContent(only(feed, 'updated'))).toBe('2026-11-06T09:00:00.000Z')
    expect(textContent(only(only(feed, 'author'), 'name'))).toBe(letter.organizers_line)
    const links = children(feed, 'link').map((link) => [
      getAttributeValue(link, 'rel'),
      getAttributeValue(link, 'href'),
    ])
    expect(links).toEqual([
      ['self', `${appUrl}/letters/${letter.slug}/updates.atom`],
      ['alternate', `${appUrl}/letters/${letter.slug}`],
    ])

    const entries = children(feed, 'entry')
    expect(entries.map((entry) => textContent(only(entry, 'title')))).toEqual(['Answered', 'Delivered'])
    for (const entry of entries) {
      expect(textContent(only(entry, 'id'))).toMatch(
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      )
      expect(textContent(only(entry, 'published'))).toMatch(ISO_DATE_TIME)
      expect(textContent(only(entry, 'updated'))).toMatch(ISO_DATE_TIME)
      expect(getAttributeValue(only(entry, 'content'), 'type')).toBe('html')
      expect(getAttributeValue(only(entry, 'link'), 'href')).toMatch(
        new RegExp(`^${appUrl}/letters/${letter.slug}#update-\\d+$`),
      )
    }
    const delivered = entries[1]!
    expect(textContent(only(delivered, 'published'))).toBe('2026-11-01T10:00:00.000Z')
    expect(textContent(only(delivered, 'updated'))).toBe('2026-11-06T09:00:00.000Z')
    // Escaped once in the XML, so a reader gets the HTML back.
    expect(textContent(only(entries[0]!, 'content'))).toBe('<p>They wrote back.</p>\n')
    expect(response.data).toContain('<content type="html">&lt;p&gt;They wrote back.&lt;/p&gt;\n</content>')
  })

  test('an entry keeps its id when corrected, so readers do not see it twice', async () => {
    const { letter, access } = await letterWithUpdates()
    const { update } = await publishUpdate(getDb(), access, { title: 'One', bodyMarkdown: 'One' }, appUrl)
    const idOf = async () => {
      const { feed, only } = parseFeed((await fetchFeed(letter.slug)).data)
      return textContent(only(only(feed, 'entry'), 'id'))
    }
    const before = await idOf()
    await reviseUpdate(getDb(), access, update.id, { title: 'One, corrected', bodyMarkdown: 'One' })
    expect(await idOf()).toBe(before)
  })

  test('escapes a hostile title and body: nothing breaks out of its element', async () => {
    const { letter, access } = await letterWithUpdates({ title: `Letter ${HOSTILE_TITLE}` })
    await publishUpdate(
      getDb(),
      access,
      {
        title: HOSTILE_TITLE,
        bodyMarkdown: `Text with a \u0001 control character & <b>bold</b> ${HOSTILE_TITLE}`,
      },
      appUrl,
    )
    const xml = (await fetchFeed(letter.slug)).data as string
    expect(xml).not.toContain('<script>')
    expect(xml).not.toContain('\u0001')
    expect(xml).not.toContain(']]>')
    const { feed, children, only } = parseFeed(xml)
    expect(children(feed, 'entry')).toHaveLength(1)
    const entry = only(feed, 'entry')
    // Read back by an XML parser, the title is exactly what the organizer typed.
    expect(textContent(only(entry, 'title'))).toBe(HOSTILE_TITLE)
    // The content is the page's sanitized HTML: the script is gone, the bold stays.
    const content = textContent(only(entry, 'content'))
    expect(content).toContain('<b>bold</b>')
    expect(content).not.toMatch(/<script|<\/title/)
    expect(findAll((node) => node.name === 'script', feed.children)).toEqual([])
  })

  test('a letter without updates has a valid, empty feed', async () => {
    const { letter } = await letterWithUpdates()
    const { feed, children, only } = parseFeed((await fetchFeed(letter.slug)).data)
    expect(children(feed, 'entry')).toEqual([])
    expect(textContent(only(feed, 'updated'))).toMatch(ISO_DATE_TIME)
  })

  test('drafts and unknown letters have no feed', async () => {
    const { letter } = await letterWithUpdates({ status: 'draft' })
    expect((await fetchFeed(letter.slug)).status).toBe(404)
    expect((await fetchFeed('no-such-letter')).status).toBe(404)
  })

  test('a newsreader that holds the current feed gets 304', async () => {
    const { letter } = await letterWithUpdates()
    const first = await fetchFeed(letter.slug)
    const etag = first.headers.get('ETag')!
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/)
    const again = await fetchFeed(letter.slug, { 'If-None-Match': etag })
    expect(again.status).toBe(304)
  })
})
