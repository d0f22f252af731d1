import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { TextDiff } from '~/components/text-diff'
import { getLetterBySlug, getLetterVersionByNumber, listLetterVersions } from '~/models/letter.server'
import { getDb } from '~/utils/db.server'
import { diffText } from '~/utils/diff'
import { pluralize } from '~/utils/format'
import { renderLetterMarkdown } from '~/utils/markdown.server'
import { notFound } from '~/utils/responses.server'
import { formatLongDate } from '~/utils/time'
import versionsStyles from '~/styles/versions.css'

const VERSION_NUMBER = /^[1-9]\d{0,8}$/

export async function loader({ params, request }: LoaderFunctionArgs) {
  const db = getDb()
  const letter = await getLetterBySlug(db, params.slug ?? '')
  if (!letter) notFound('No letter at this address')
  const versions = await listLetterVersions(db, letter.id)
  const published = new Set(versions.map((version) => version.version_number))
  const current = letter.version.version_number

  const searchParams = new URL(request.url).searchParams
  /** A version number asked for in the query string, or null; an unknown one is a 404. */
  const wanted = (name: string): number | null => {
    const raw = searchParams.get(name)
    if (raw === null || raw === '') return null
    if (!VERSION_NUMBER.test(raw) || !published.has(Number(raw)))
      notFound(`This letter has no version “${raw.slice(0, 20)}”.`)
    return Number(raw)
  }
  const shownNumber = wanted('v')
  let from = wanted('from')
  let to = wanted('to')
  // With nothing asked for, a letter with several versions opens on its latest changes.
  const comparing = shownNumber === null && (from !== null || to !== null || versions.length > 1)
  if (comparing) {
    to ??= current
    from ??= Math.max(1, to - 1)
  }

  const load = async (number: number) => (await getLetterVersionByNumber(db, letter.id, number))!
  let shown = null
  if (!comparing) {
    const version = await load(shownNumber ?? current)
    shown = {
      number: version.version_number,
      publishedAt: version.published_at,
      sha256: version.body_sha256,
      markdown: version.body_markdown,
      html: renderLetterMarkdown(version.body_markdown, `version:${version.id}:${version.body_sha256}`),
    }
  }
  let comparison = null
  if (comparing && from !== null && to !== null) {
    const [before, after] = await Promise.all([load(from), load(to)])
    comparison = {
      from: { number: before.version_number, publishedAt: before.published_at },
      to: { number: after.version_number, publishedAt: after.published_at },
      diff: diffText(before.body_markdown, after.body_markdown),
    }
  }

  return {
    letter: { slug: letter.slug, title: letter.title },
    currentVersion: current,
    versions: versions.map((version) => ({
      number: version.version_number,
      publishedAt: version.published_at,
      sha256: version.body_sha256,
    })),
    shown,
    comparison,
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: versionsStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Versions · ${data.letter.title} · Undersigned` : 'Letter not found · Undersigned' },
  {
    name: 'description',
    content: 'Every published version of this open letter and the changes between them.',
  },
]

export default function LetterVersions() {
  const { letter, currentVersion, versions, shown, comparison } = useLoaderData<typeof loader>()
  const base = `/letters/${letter.slug}/versions`
  return (
    <div className="page versions-page">
      <p className="eyebrow">
        Open letter <span aria-hidden="true">·</span>{' '}
        <Link to={`/letters/${letter.slug}`}>{letter.title}</Link>
      </p>
      <h1>Versions of this letter</h1>
      <p className="lead">
        Organizers may correct the text of an open letter. Each change is published as a new version, and
        every signature stays attached to the version its signer read. The SHA-256 fingerprint identifies the
        exact text of each version.
      </p>

      <h2 id="all-versions-heading">All versions</h2>
      <ol className="version-list" aria-labelledby="all-versions-heading">
        {versions.map((version) => (
          <li key={version.number} className="version-item">
            <p className="version-item__title">
              <strong>Version {version.number}</strong>
              {version.number === currentVersion ? (
                <>
                  {' '}
                  <span className="tag tag--open">current</span>
                </>
              ) : null}
            </p>
            <p className="version-item__date">Published {formatLongDate(version.publishedAt)}</p>
            <p className="version-item__hash">
              SHA-256 <code className="sha256">{version.sha256}</code>
            </p>
            <p className="version-item__links">
              <Link
                to={`${base}?v=${version.number}#version-text`}
                aria-current={shown?.number === version.number ? 'page' : undefined}
              >
                Read<span className="visually-hidden"> version {version.number}</span>
              </Link>
              {version.number > 1 ? (
                <Link
                  to={`${base}?from=${version.number - 1}&to=${version.number}#changes`}
                  aria-current={
                    comparison?.from.number === version.number - 1 && comparison.to.number === version.number
                      ? 'page'
                      : undefined
                  }
                >
                  Changes from version {version.number - 1}
                </Link>
              ) : null}
            </p>
          </li>
        ))}
      </ol>

      {versions.length > 1 ? (
        <Form method="get" action={`${base}#changes`} className="compare-form">
          <fieldset>
            <legend>Compare two versions</legend>
            <div className="compare-form__row">
              <VersionSelect
                label="From"
                name="from"
                versions={versions}
                selected={comparison?.from.number ?? currentVersion - 1}
              />
              <VersionSelect
                label="To"
                name="to"
                versions={versions}
                selected={comparison?.to.number ?? currentVersion}
              />
              <button type="submit" className="button button--secondary">
                Show the changes
              </button>
            </div>
          </fieldset>
        </Form>
      ) : null}

      {comparison ? (
        <section id="changes" className="version-section" aria-labelledby="changes-heading">
          <h2 id="changes-heading">
            Changes from version {comparison.from.number} to version {comparison.to.number}
          </h2>
          <p className="diff-summary">
            {comparison.from.number === comparison.to.number
              ? 'This is the same version: nothing changed.'
              : comparison.diff.wordsAdded === 0 && comparison.diff.wordsRemoved === 0
                ? 'Only spacing or line breaks changed.'
                : `${pluralize(comparison.diff.wordsAdded, 'word', 'words')} added, ${pluralize(
                    comparison.diff.wordsRemoved,
                    'word',
                    'words',
                  )} removed.`}{' '}
            {comparison.diff.granularity === 'lines'
              ? 'The changes are large, so they are shown line by line.'
              : comparison.diff.granularity === 'whole'
                ? 'The text was rewritten: the whole of each version is shown.'
                : null}
          </p>
          <p className="diff-legend">
            The text is shown as written, in Markdown. <del>Struck-through text</del> was removed;{' '}
            <ins>underlined text</ins> was added.
          </p>
          <TextDiff parts={comparison.diff.parts} />
        </section>
      ) : null}

      {shown ? (
        <section id="version-text" className="version-section" aria-labelledby="version-heading">
          <h2 id="version-heading">
            Version {shown.number}
            {shown.number === currentVersion ? ' (current)' : null}
          </h2>
          <p className="version-meta">
            Published {formatLongDate(shown.publishedAt)} · SHA-256{' '}
            <code className="sha256">{shown.sha256}</code>
          </p>
          <div className="prose" dangerouslySetInnerHTML={{ __html: shown.html }} />
          <details className="markdown-source">
            <summary>Markdown source of version {shown.number}</summary>
            <pre>{shown.markdown}</pre>
          </details>
        </section>
      ) : null}

      <p className="versions-page__back">
        <Link to={`/letters/${letter.slug}`}>Back to the letter</Link>
      </p>
    </div>
  )
}

function VersionSelect({
  label,
  name,
  versions,
  selected,
}: {
  label: string
  name: string
  versions: Array<{ number: number; publishedAt: string }>
  selected: number
}) {
  const id = `compare-${name}`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={String(selected)}>
        {versions.map((version) => (
          <option key={version.number} value={version.number}>
            Version {version.number} ({formatLongDate(version.publishedAt)})
          </option>
        ))}
      </select>
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        404: ({ message }) => (
          <>
            <h1>Not found</h1>
            <p>{message} Check the link you followed.</p>
          </>
        ),
      }}
    />
  )
}
