import { createTestSignature } from '../factories'
import { acceptErrorStatus, expect, fillSignatureForm, test, uniqueEmail } from './fixtures'

const demoSlug = 'let-judges-judge-california'

test('the home page lists open letters with their counts', async ({ page, createLetter }) => {
  const closed = await createLetter({ status: 'closed', title: 'A closed letter never listed' })
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Open letters' })).toBeVisible()
  const demo = page.locator('.letter-card').filter({ hasText: 'Let Judges Judge' })
  await expect(demo).toContainText('150 signatures')
  await expect(page.getByText(closed.title)).toHaveCount(0)
})

test('the demo letter shows its text, count, share metadata and a paged list', async ({ page }) => {
  await page.goto(`/letters/${demoSlug}`)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Let Judges Judge')
  await expect(page.getByText('To: the California State Legislature')).toBeVisible()
  await expect(page.locator('.count__number')).toHaveText('150')
  await expect(page.getByText('+12 more who asked not to be listed')).toBeVisible()
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', /Let Judges Judge/)
  await expect(page.locator('meta[property="og:description"]')).toHaveAttribute(
    'content',
    /^150 people have signed/,
  )
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary')

  const list = page.locator('.signatory-list > li')
  await expect(list).toHaveCount(100)
  const firstOnPageOne = await list.first().locator('.signatory__name').textContent()
  await page.getByRole('link', { name: 'Later signatories →' }).click()
  await expect(page).toHaveURL(/after=\d+/)
  await expect(list).toHaveCount(38)
  await expect(page.getByRole('link', { name: 'Later signatories →' })).toHaveCount(0)
  await page.getByRole('link', { name: '← Earlier signatories' }).click()
  await expect(page).toHaveURL(/before=\d+/)
  await expect(list).toHaveCount(100)
  await expect(list.first().locator('.signatory__name')).toHaveText(firstOnPageOne!)
})

test('search finds signatories by name or organization', async ({ page, createLetter, db }) => {
  const letter = await createLetter()
  await createTestSignature(db, letter, {
    status: 'approved',
    name: 'Beatriz Okonkwo-Hale',
    organization: 'Fresno County Public Defender',
  })
  await createTestSignature(db, letter, {
    status: 'approved',
    name: 'Desmond Pryce',
    organization: 'Pacific Coast School of Law',
  })
  await page.goto(`/letters/${letter.slug}`)
  await page.getByLabel('Search by name or organization').fill('school of law')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page).toHaveURL(/q=school\+of\+law/)
  await expect(page.locator('.signatory-list > li')).toHaveCount(1)
  await expect(page.locator('.signatory-list')).toContainText('Desmond Pryce')
  await page.getByRole('link', { name: 'Show everyone' }).click()
  await expect(page.locator('.signatory-list > li')).toHaveCount(2)
})

test('counts by profession and by check sit above the list, and each profession filters it', async ({
  page,
  createLetter,
  db,
}) => {
  const letter = await createLetter({ policy: { listingRequires: 'profession' } })
  const approved = { status: 'approved' as const }
  await createTestSignature(db, letter, {
    ...approved,
    name: 'Ines Registry',
    profession: 'Attorney',
    verifiedAs: 'registry',
  })
  await createTestSignature(db, letter, {
    ...approved,
    name: 'Jon Domain',
    profession: 'attorney',
    verifiedAs: 'domain',
  })
  await createTestSignature(db, letter, {
    ...approved,
    name: 'Kai Moderator',
    profession: 'Law professor',
    verifiedAs: 'moderator',
  })
  // This letter lists verified professions only: an email-only signature is never shown or counted.
  await createTestSignature(db, letter, { ...approved, name: 'Lou Unverified', profession: 'Attorney' })

  await page.goto(`/letters/${letter.slug}`)
  await expect(page.locator('.count__number')).toHaveText('3')
  await expect(page.locator('.signatory-list')).not.toContainText('Lou Unverified')
  const byProfession = page.getByRole('navigation', { name: 'By profession' })
  await expect(byProfession.getByRole('link', { name: /Everyone 3/ })).toHaveAttribute('aria-current', 'true')
  await expect(byProfession.getByRole('link', { name: /Attorney 2 all verified/ })).toBeVisible()
  await expect(page.locator('.signatory-counts__levels')).toHaveText(
    'How names were checked: ' +
      '1 in a licence registry · 1 by employer email address · 1 by the organizers',
  )

  // By keyboard: the filter is an ordinary link.
  await byProfession.getByRole('link', { name: /Law professor/ }).focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/profession=Law\+professor/)
  await expect(page.locator('.signatory-list > li')).toHaveCount(1)
  await expect(page.locator('.signatory-list')).toContainText('Kai Moderator')
  await expect(page.getByText('Showing law professor signatories.')).toBeVisible()
  await expect(byProfession.getByRole('link', { name: /Law professor/ })).toHaveAttribute(
    'aria-current',
    'true',
  )

  // A search keeps the profession filter.
  await page.getByLabel('Search by name or organization').fill('nobody like this')
  await page.getByRole('button', { name: 'Search' }).click()
  await expect(page).toHaveURL(/profession=Law\+professor&q=nobody/)
  await expect(
    page.getByText('No listed law professor signatories matching “nobody like this”.'),
  ).toBeVisible()
  await page.getByRole('link', { name: 'Show everyone' }).click()
  await expect(page.locator('.signatory-list > li')).toHaveCount(3)
})

test('closed and draft letters say so and offer no form', async ({ page, createLetter }) => {
  const closed = await createLetter({ status: 'closed' })
  await page.goto(`/letters/${closed.slug}`)
  await expect(page.getByText('This letter is closed.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Sign this letter' })).toHaveCount(0)

  const draft = await createLetter({ status: 'draft' })
  await page.goto(`/letters/${draft.slug}`)
  await expect(page.getByText('This letter is a draft.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Sign this letter' })).toHaveCount(0)
})

test('a letter that closes while someone is signing refuses with the reason and keeps the input', async ({
  page,
  createLetter,
  db,
  consoleErrors,
}) => {
  const letter = await createLetter()
  await page.goto(`/letters/${letter.slug}`)
  await fillSignatureForm(page, { name: 'Late Signer', email: uniqueEmail('late') })
  await db.updateTable('letters').set({ status: 'closed' }).where('id', '=', letter.id).execute()
  await page.getByRole('button', { name: 'Sign this letter' }).click()
  await expect(page.getByRole('alert')).toContainText('This letter is closed and no longer takes signatures.')
  await expect(page.getByLabel('Full name', { exact: true })).toHaveValue('Late Signer')
  acceptErrorStatus(consoleErrors, 409)
})

test('an unknown letter is a real 404 page', async ({ page, consoleErrors }) => {
  const response = await page.goto('/letters/there-is-no-such-letter')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'No letter at this address' })).toBeVisible()
  const other = await page.goto('/nothing/here/at/all')
  expect(other?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
  acceptErrorStatus(consoleErrors, 404)
})

test('the health check answers while the database does', async ({ request }) => {
  const response = await request.get('/healthz')
  expect(response.status()).toBe(200)
  expect(await response.text()).toBe('ok')
})

test('the letter page shows the head of its tamper-evident log, the same as chain.json and the CSV header', async ({
  page,
  request,
  createLetter,
  db,
}) => {
  const letter = await createLetter()
  await createTestSignature(db, letter, { status: 'approved', name: 'Imani Castellanos' })
  await createTestSignature(db, letter, { status: 'approved', name: 'Tomasz Wróbel', listing: 'counted' })
  await page.goto(`/letters/${letter.slug}`)
  const note = page.locator('.signatories__chain')
  await expect(note).toContainText('1 entry, head')
  const shownHash = await note.locator('code').textContent()
  expect(shownHash).toMatch(/^[0-9a-f]{64}$/)

  await expect(note.getByRole('link', { name: 'tamper-evident log' })).toHaveAttribute(
    'href',
    `/letters/${letter.slug}/chain.json`,
  )
  const chain = await (await request.get(`/letters/${letter.slug}/chain.json`)).json()
  expect(chain.head).toEqual({ length: 1, hash: shownHash })
  expect(chain.entries[0]).toMatchObject({
    kind: 'add',
    cause: 'approve',
    record: { name: 'Imani Castellanos' },
  })
  const csv = await request.get(`/letters/${letter.slug}/signatories.csv`)
  expect(csv.headers()['signatory-chain-head']).toBe(`1 ${shownHash}`)
})
