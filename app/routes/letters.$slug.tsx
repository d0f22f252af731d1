import { parseWithZod } from '@conform-to/zod'
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { HONEYPOT_FIELD } from '~/components/forms'
import { LetterHeader, LetterStatusNotice } from '~/components/letter-header'
import { SignLetterForm } from '~/components/sign-letter-form'
import { SignatoryList } from '~/components/signatory-list'
import {
  effectiveClosedAt,
  effectiveLetterStatus,
  getLetterBySlug,
  letterPolicy,
  listLetterVersions,
} from '~/models/letter.server'
import { listLetterUpdates } from '~/models/letter-update.server'
import { getChainHead } from '~/models/signatory-chain.server'
import { getPublicCounts } from '~/models/signature-count.server'
import { listPublicSignatories } from '~/models/signature.server'
import { signLetterFormSchemaFor } from '~/schemas/sign-letter'
import { wakeOutboxWorker } from '~/services/email-delivery.server'
import { updateAnchor } from '~/services/letter-updates.server'
import { feedPath } from '~/services/letter-updates-feed.server'
import { signLetter } from '~/services/signing.server'
import { publicPageHeaders } from '~/utils/cache-control'
import { getDb } from '~/utils/db.server'
import { parseIdCursor } from '~/utils/cursor'
import { getEnv } from '~/utils/env.server'
import { formatCount, pluralize } from '~/utils/format'
import { formatLongDate } from '~/utils/time'
import { renderLetterMarkdown } from '~/utils/markdown.server'
import { readFormData } from '~/utils/request.server'
import { notFound } from '~/utils/responses.server'
import { commitSession, getSession, setPendingSignatureId } from '~/utils/session.server'
import letterUpdatesStyles from '~/styles/letter-updates.css'
import verificationStyles from '~/styles/verification.css'
import versionsStyles from '~/styles/versions.css'

const PAGE_SIZE = 100

export async function action({ request, params, context }: ActionFunctionArgs) {
  const db = getDb()
  const letter = await getLetterBySlug(db, params.slug ?? '')
  if (!letter) notFound('No letter at this address')
  const checkInbox = `/letters/${letter.slug}/check-inbox`

  const formData = await readFormData(request)
  // A bot that filled the hidden field sees exactly what a person sees, and nothing is stored.
  if (formData.get(HONEYPOT_FIELD)) return redirect(checkInbox)

  // The letter's list as it is now: a profession removed since the page loaded is refused.
  const submission = parseWithZod(formData, {
    schema: signLetterFormSchemaFor(letterPolicy(letter).allowedProfessions),
    disableAutoCoercion: true,
  })
  if (submission.status !== 'success') {
    return data({ result: submission.reply() }, { status: 400 })
  }
  const status = effectiveLetterStatus(letter)
  if (status !== 'open') {
    const message =
      status === 'closed'
        ? 'This letter is closed and no longer takes signatures.'
        : 'This letter is not open for signatures yet.'
    return data({ result: submission.reply({ formErrors: [message] }) }, { status: 409 })
  }

  const env = getEnv()
  const { signatureId } = await signLetter(db, letter, submission.value, {
    appUrl: env.APP_URL,
    confirmationTtlHours: env.CONFIRMATION_TTL_HOURS,
    clientIp: context.clientIp,
  })
  wakeOutboxWorker()

  const session = await getSession(request)
  setPendingSignatureId(session, letter.id, signatureId)
  return redirect(checkInbox, { headers: { 'Set-Cookie': await commitSession(session) } })
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const db = getDb()
  const letter = await getLetterBySlug(db, params.slug ?? '')
  if (!letter) notFound('No letter at this address')

  const url = new URL(request.url)
  const search = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  const profession = (url.searchParams.get('profession') ?? '').trim().slice(0, 100)
  const [counts, chainHead, page, versions, updates] = await Promise.all([
    getPublicCounts(db, letter),
    getChainHead(db, letter.id),
    listPublicSignatories(db, letter, {
      after: parseIdCursor(url.searchParams.get('after')),
      before: parseIdCursor(url.searchParams.get('before')),
      search: search || undefined,
      profession: profession || undefined,
      pageSize: PAGE_SIZE,
    }),
    listLetterVersions(db, letter.id),
    listLetterUpdates(db, letter.id),
  ])
  const now = new Date()

  return {
    letter: {
      slug: letter.slug,
      title: letter.title,
      recipient: letter.recipient,
      organizersLine: letter.organizers_line,
      status: effectiveLetterStatus(letter, now),
      openedAt: letter.opened_at,
      closedAt: effectiveClosedAt(letter, now),
      moderationRequired: letter.moderation_required === 1,
      versionNumber: letter.version.version_number,
      publishedAt: letter.version.published_at,
      firstPublishedAt: versions[0]?.published_at ?? letter.version.published_at,
      versionCount: versions.length,
      allowedProfessions: letterPolicy(letter).allowedProfessions,
      listingRequires: letter.listing_requires,
    },
    // Keyed by the hash too: a draft's text is rewritten in place under the same version id.
    bodyHtml: renderLetterMarkdown(
      letter.version.body_markdown,
      `version:${letter.version.id}:${letter.version.body_sha256}`,
    ),
    counts,
    chainHead,
    page,
    search,
    profession,
    canonicalUrl: `${getEnv().APP_URL}/letters/${letter.slug}`,
    updates: updates.map((update) => ({
      anchor: updateAnchor(update),
      title: update.title,
      html: renderLetterMarkdown(update.body_markdown, `update:${update.id}:${update.edited_at ?? ''}`),
      publishedAt: update.published_at,
      edited: update.edited_at !== null,
    })),
    // Drafts have no public feed (nor any other machine-readable copy).
    feedUrl: letter.status === 'draft' ? null : `${getEnv().APP_URL}${feedPath(letter.slug)}`,
  }
}

export const headers: HeadersFunction = publicPageHeaders

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: versionsStyles },
  { rel: 'stylesheet', href: verificationStyles },
  { rel: 'stylesheet', href: letterUpdatesStyles },
]

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: 'Letter not found · Undersigned' }]
  const { letter, counts, canonicalUrl } = data
  const description = `${formatCount(counts.total)} ${counts.total === 1 ? 'person has' : 'people have'} signed. ${letter.recipient}`
  return [
    { title: `${letter.title} · Undersigned` },
    { name: 'description', content: description },
    { property: 'og:type', content: 'article' },
    { property: 'og:title', content: letter.title },
    { property: 'og:description', content: description },
    { property: 'og:url', content: canonicalUrl },
    { property: 'og:site_name', content: 'Undersigned' },
    { name: 'twitter:card', content: 'summary' },
    { name: 'twitter:title', content: letter.title },
    { name: 'twitter:description', content: description },
    { tagName: 'link', rel: 'canonical', href: canonicalUrl },
    ...(data.feedUrl
      ? [
          {
            tagName: 'link',
            rel: 'alternate',
            type: 'application/atom+xml',
            title: `Updates: ${letter.title}`,
            href: data.feedUrl,
          },
        ]
      : []),
  ]
}

export default function LetterPage() {
  const { letter, bodyHtml, counts, chainHead, page, search, profession, updates, feedUrl } =
    useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()

  return (
    <article className="page letter">
      <LetterHeader letter={letter} />
      <p className="count-summary">
        <strong>{formatCount(counts.total)}</strong> {counts.total === 1 ? 'signature' : 'signatures'}
        {letter.status === 'open' ? (
          <>
            {' · '}
            <a href="#sign">Sign this letter</a>
          </>
        ) : null}
      </p>
      <div className="letter-layout">
        <div className="letter__text">
          <div className="prose" dangerouslySetInnerHTML={{ __html: bodyHtml }} />
          {letter.status === 'open' ? (
            <a className="button button--primary sign-jump" href="#sign">
              Sign this letter
            </a>
          ) : null}
        </div>
        <aside className="sign-panel" id="sign" aria-labelledby="sign-heading">
          <p className="count" aria-live="polite">
            <span className="count__number">{formatCount(counts.total)}</span>{' '}
            <span className="count__label">{counts.total === 1 ? 'signature' : 'signatures'}</span>
          </p>
          {letter.status === 'open' ? (
            <>
              <h2 id="sign-heading">Add your name</h2>
              <p className="sign-panel__intro">
                {letter.moderationRequired
                  ? 'After you confirm your email address, the organizers review each signature before it is listed.'
                  : letter.listingRequires === 'profession'
                    ? 'Your signature counts once you confirm your email address and your profession is verified.'
                    : 'Your signature counts as soon as you confirm your email address.'}
              </p>
              <SignLetterForm
                slug={letter.slug}
                lastResult={actionData?.result}
                allowedProfessions={letter.allowedProfessions}
                listingRequires={letter.listingRequires}
              />
            </>
          ) : (
            <>
              <h2 id="sign-heading" className="visually-hidden">
                Signing
              </h2>
              <LetterStatusNotice status={letter.status} closedAt={letter.closedAt} />
            </>
          )}
        </aside>
      </div>
      {updates.length ? (
        <section className="letter-updates" aria-labelledby="updates-heading">
          <h2 id="updates-heading">Updates from the organizers</h2>
          {updates.map((update) => (
            <article key={update.anchor} id={update.anchor} className="letter-update">
              <h3>
                <a href={`#${update.anchor}`}>{update.title}</a>
              </h3>
              <p className="letter-update__date">
                <time dateTime={update.publishedAt}>{formatLongDate(update.publishedAt)}</time>
                {update.edited ? ' · corrected since' : null}
              </p>
              <div className="prose" dangerouslySetInnerHTML={{ __html: update.html }} />
            </article>
          ))}
          {feedUrl ? (
            <p className="letter-updates__feed">
              <a href={feedUrl}>Follow these updates in a newsreader (Atom feed)</a>
            </p>
          ) : null}
        </section>
      ) : null}
      <SignatoryList
        slug={letter.slug}
        signatories={page.signatories}
        nextCursor={page.nextCursor}
        previousCursor={page.previousCursor}
        search={search}
        profession={profession}
        counts={counts}
        currentVersionNumber={letter.versionNumber}
      />
      {letter.status !== 'draft' ? (
        <p className="signatories__downloads">
          Download the list: <a href={`/letters/${letter.slug}/signatories.csv`}>CSV</a> ·{' '}
          <a href={`/api/letters/${letter.slug}/signatures`}>JSON</a>
        </p>
      ) : null}
      {letter.status !== 'draft' ? (
        <div className="signatories__chain">
          <p>
            Every change to this list is appended to a{' '}
            <a href={`/letters/${letter.slug}/chain.json`}>tamper-evident log</a>, each entry sealed with the
            hash of the one before. Keep the head below: if an entry is ever edited, reordered or removed, it
            will no longer match.
          </p>
          <p>
            {pluralize(chainHead.length, 'entry', 'entries')}, head{' '}
            <code className="signatories__chain-hash">{chainHead.hash}</code>
          </p>
        </div>
      ) : null}
    </article>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: () => (
          <>
            <h1>No letter at this address</h1>
            <p>
              There is no letter here. Check the link you followed, or look for the letter among those open
              for signatures.
            </p>
          </>
        ),
      }}
    />
  )
}
