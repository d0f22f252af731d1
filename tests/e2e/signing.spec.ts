import {
  acceptErrorStatus,
  confirmationFrom,
  expect,
  fillSignatureForm,
  readEmails,
  signAndReadConfirmation,
  test,
  uniqueEmail,
} from './fixtures'

test.describe('signing with JavaScript', () => {
  test('sign, confirm from the email link, and appear on the letter', async ({ page, createLetter }) => {
    const letter = await createLetter({ moderationRequired: false })
    const email = uniqueEmail('link')
    await page.goto(`/letters/${letter.slug}`)
    await expect(page.getByRole('heading', { level: 1, name: letter.title })).toBeVisible()
    await expect(page.locator('.count__number')).toHaveText('0')

    await fillSignatureForm(page, { name: 'Ifeoma Castellanos-Reyes', email })
    await page.getByRole('button', { name: 'Sign this letter' }).click()

    await expect(page).toHaveURL(`/letters/${letter.slug}/check-inbox`)
    await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()
    await expect(page.getByText(email)).toBeVisible()

    const [message] = await readEmails(email)
    expect(message!.subject).toBe(`Confirm your signature on “${letter.title}”`)
    const { path } = confirmationFrom(message!)

    // Opening the link only shows a button: scanners that follow links confirm nothing.
    await page.goto(path)
    await expect(page.getByRole('heading', { name: 'Confirm your signature' })).toBeVisible()
    await expect(page.getByText('Ifeoma Castellanos-Reyes')).toBeVisible()
    await page.getByRole('button', { name: 'Confirm my signature' }).click()

    await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()
    await expect(page.getByText('is confirmed and now counts on the letter')).toBeVisible()
    await page.getByRole('link', { name: 'See the letter and its signatories' }).click()
    await expect(page.locator('.signatory-list')).toContainText('Ifeoma Castellanos-Reyes')
    await expect(page.locator('.count__number')).toHaveText('1')
  })

  test('on a moderated letter, a confirmed signature waits for review and is not listed', async ({
    page,
    createLetter,
  }) => {
    const letter = await createLetter({ moderationRequired: true })
    const email = uniqueEmail('moderated')
    await page.goto(`/letters/${letter.slug}`)
    await expect(page.getByText('the organizers review each signature')).toBeVisible()
    await fillSignatureForm(page, { name: 'Tomasz Wiśniewski', email })
    await page.getByRole('button', { name: 'Sign this letter' }).click()
    await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()

    const [message] = await readEmails(email)
    await page.goto(confirmationFrom(message!).path)
    await page.getByRole('button', { name: 'Confirm my signature' }).click()
    await expect(page.getByText('awaiting review')).toBeVisible()

    await page.goto(`/letters/${letter.slug}`)
    await expect(page.locator('.count__number')).toHaveText('0')
    await expect(page.getByText('Tomasz Wiśniewski')).toHaveCount(0)
  })

  test('confirm by typing the code; a wrong code says how many tries are left', async ({
    page,
    createLetter,
    consoleErrors,
  }) => {
    const letter = await createLetter({ moderationRequired: false })
    const email = uniqueEmail('code')
    const { code } = await signAndReadConfirmation(page, letter.slug, {
      name: 'Aroha Ngata',
      email,
      counted: true,
    })

    const codeInput = page.getByLabel('6-digit code')
    await codeInput.fill(code === '000000' ? '111111' : '000000')
    await page.getByRole('button', { name: 'Confirm my signature' }).click()
    await expect(page.getByText('That code is not right, or it has expired. 4 tries left.')).toBeVisible()
    await expect(codeInput).toHaveAttribute('aria-invalid', 'true')
    acceptErrorStatus(consoleErrors, 400)

    await codeInput.fill(code)
    await page.getByRole('button', { name: 'Confirm my signature' }).click()
    await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()

    // Counted, not listed: the count moves, the list does not show the name.
    await page.goto(`/letters/${letter.slug}`)
    await expect(page.locator('.count__number')).toHaveText('1')
    await expect(page.getByText('+1 more who asked not to be listed')).toBeVisible()
    await expect(page.getByText('Aroha Ngata')).toHaveCount(0)
  })

  test('an expired link says so and confirms nothing', async ({ page, createLetter, db, consoleErrors }) => {
    const letter = await createLetter({ moderationRequired: false })
    const email = uniqueEmail('expired')
    const { path } = await signAndReadConfirmation(page, letter.slug, { name: 'Expired Link', email })

    const signature = await db
      .selectFrom('signatures')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    await db
      .updateTable('signature_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('signature_id', '=', signature.id)
      .execute()

    const response = await page.goto(path)
    expect(response?.status()).toBe(410)
    await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Confirm my signature' })).toHaveCount(0)
    const { status } = await db
      .selectFrom('signatures')
      .select('status')
      .where('id', '=', signature.id)
      .executeTakeFirstOrThrow()
    expect(status).toBe('unconfirmed')
    acceptErrorStatus(consoleErrors, 410)
  })

  test('a used link cannot confirm again, and an invented one does not work', async ({
    page,
    createLetter,
    db,
    consoleErrors,
  }) => {
    const letter = await createLetter({ moderationRequired: false })
    const email = uniqueEmail('reused')
    const { path } = await signAndReadConfirmation(page, letter.slug, { name: 'Reused Link', email })

    await page.goto(path)
    await page.getByRole('button', { name: 'Confirm my signature' }).click()
    await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()

    await page.goto(path)
    await expect(page.getByRole('heading', { name: 'This signature is already confirmed' })).toBeVisible()
    // Replaying the POST changes nothing either.
    const replay = await page.request.post(path, { form: {} })
    expect(replay.status()).toBe(200)
    const counts = await db
      .selectFrom('signature_tallies')
      .select(['status', 'count'])
      .where('letter_id', '=', letter.id)
      .execute()
    expect(counts.find((row) => row.status === 'approved')?.count).toBe(1)

    const invented = await page.goto('/confirm/this-is-not-a-real-token')
    expect(invented?.status()).toBe(404)
    await expect(page.getByRole('heading', { name: 'This link does not work' })).toBeVisible()
    acceptErrorStatus(consoleErrors, 404)
  })

  test('signing again with the same address shows the same page and emails "you already signed"', async ({
    page,
    createLetter,
    db,
  }) => {
    const letter = await createLetter({ moderationRequired: false })
    const email = uniqueEmail('duplicate')
    await page.goto((await signAndReadConfirmation(page, letter.slug, { name: 'Once Only', email })).path)
    await page.getByRole('button', { name: 'Confirm my signature' }).click()
    await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()

    // A minute passes (emails to one signature are at most one a minute).
    await db
      .updateTable('signatures')
      .set({ last_email_at: new Date(Date.now() - 120_000).toISOString() })
      .where('email', '=', email)
      .execute()

    await page.goto(`/letters/${letter.slug}`)
    await fillSignatureForm(page, { name: 'Once Again', email: email.toUpperCase() })
    await page.getByRole('button', { name: 'Sign this letter' }).click()
    await expect(page).toHaveURL(`/letters/${letter.slug}/check-inbox`)
    await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()

    const messages = await readEmails(email, 2)
    expect(messages[1]!.subject).toBe(`You have already signed “${letter.title}”`)
    await page.goto(`/letters/${letter.slug}`)
    await expect(page.locator('.count__number')).toHaveText('1')
    await expect(page.getByText('Once Again')).toHaveCount(0)
  })

  test('validates as you type and keeps what was typed', async ({ page, createLetter }) => {
    const letter = await createLetter()
    await page.goto(`/letters/${letter.slug}`)
    const emailInput = page.getByLabel('Email address')
    await emailInput.fill('not-an-email')
    await emailInput.blur()
    await expect(page.getByText('Enter an email address like name@example.org')).toBeVisible()
    await expect(emailInput).toHaveAttribute('aria-invalid', 'true')
    await emailInput.fill('fixed@example.org')
    await expect(page.getByText('Enter an email address like name@example.org')).toHaveCount(0)

    await page.getByRole('button', { name: 'Sign this letter' }).click()
    // Client-side: the first invalid field takes focus and nothing is posted.
    await expect(page.getByLabel('Full name', { exact: true })).toBeFocused()
    await expect(page.getByText('Enter your full name')).toBeVisible()
    await expect(emailInput).toHaveValue('fixed@example.org')
    await expect(page).toHaveURL(`/letters/${letter.slug}`)
  })
})

test.describe('signing without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('errors come back from the server with the input kept, then the whole flow works', async ({
    page,
    createLetter,
    consoleErrors,
  }) => {
    const letter = await createLetter({ moderationRequired: false })
    const email = uniqueEmail('nojs')
    await page.goto(`/letters/${letter.slug}`)
    await page.getByLabel('Full name', { exact: true }).fill('Søren Kierkegaard-Lund')
    await page.getByLabel('Email address').fill('søren at example')
    await page.getByLabel('Organization', { exact: true }).fill('Legal Aid Society')
    await page.getByRole('button', { name: 'Sign this letter' }).click()

    const summary = page.getByRole('alert').filter({ hasText: 'There are 3 problems with your signature' })
    await expect(summary).toBeVisible()
    await expect(summary).toBeFocused()
    await expect(page.getByLabel('Full name', { exact: true })).toHaveValue('Søren Kierkegaard-Lund')
    await expect(page.getByLabel('Organization', { exact: true })).toHaveValue('Legal Aid Society')
    await expect(page.getByLabel('Email address')).toHaveValue('søren at example')
    await expect(page.locator('#sign-letter-email-error')).toHaveText(
      'Enter an email address like name@example.org',
    )
    await expect(page.getByLabel('Email address')).toHaveAttribute(
      'aria-describedby',
      /sign-letter-email-error/,
    )
    acceptErrorStatus(consoleErrors, 400)

    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Profession', { exact: true }).fill('Appellate attorney')
    await page.getByLabel('City or region').fill('Sacramento, CA')
    await page.getByRole('button', { name: 'Sign this letter' }).click()
    await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()

    const { code } = confirmationFrom((await readEmails(email))[0]!)
    await page.getByLabel('6-digit code').fill(code)
    await page.getByRole('button', { name: 'Confirm my signature' }).click()
    await expect(page.getByRole('heading', { name: 'Thank you for signing' })).toBeVisible()
    await page.goto(`/letters/${letter.slug}`)
    await expect(page.locator('.signatory-list')).toContainText('Søren Kierkegaard-Lund')
  })

  test('the emailed link confirms with a plain form POST', async ({ page, createLetter }) => {
    const letter = await createLetter({ moderationRequired: true })
    const email = uniqueEmail('nojs-link')
    await page.goto(`/letters/${letter.slug}`)
    await fillSignatureForm(page, { name: 'Plain Form', email })
    await page.getByRole('button', { name: 'Sign this letter' }).click()
    await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()

    await page.getByRole('button', { name: 'Send it again' }).click()
    await expect(
      page.getByRole('status').filter({ hasText: 'If we can send another email, it is on its way.' }),
    ).toBeVisible()

    await page.goto(confirmationFrom((await readEmails(email))[0]!).path)
    await page.getByRole('button', { name: 'Confirm my signature' }).click()
    await expect(page.getByText('awaiting review')).toBeVisible()
  })
})
