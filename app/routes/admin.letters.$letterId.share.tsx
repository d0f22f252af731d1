import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { embedSnippets } from '~/services/embeds.server'
import { requireLetterAccessFor } from '~/services/letter-access.server'
import { letterApiLinks } from '~/services/public-api.server'
import { getEnv } from '~/utils/env.server'
import shareStyles from '~/styles/share.css'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireLetterAccessFor(request, params.letterId, 'view')
  const { letter } = access
  const appUrl = getEnv().APP_URL
  return {
    letter: { id: letter.id, title: letter.title, isDraft: letter.status === 'draft' },
    canExport: access.can('edit'),
    snippets: embedSnippets(appUrl, letter),
    api: letterApiLinks(appUrl, letter.slug),
    mirror: { keyUrl: `${appUrl}/.well-known/undersigned.json` },
  }
}

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: shareStyles }]

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Share and export · ${data?.letter.title ?? 'Letter'} · Undersigned admin` },
]

function Snippet({ id, label, hint, value }: { id: string; label: string; hint: string; value: string }) {
  return (
    <div className="field snippet">
      <label htmlFor={id}>{label}</label>
      <p className="field__hint" id={`${id}-hint`}>
        {hint}
      </p>
      <textarea id={id} readOnly value={value} rows={4} aria-describedby={`${id}-hint`} spellCheck={false} />
    </div>
  )
}

export default function ShareAndExport() {
  const { letter, canExport, snippets, api, mirror } = useLoaderData<typeof loader>()
  return (
    <>
      {letter.isDraft ? (
        <p className="notice">
          This letter is a draft: the public list, the API, the badge and the embed answer “not found” until
          you open it.
        </p>
      ) : null}

      <section className="share-section" aria-labelledby="export-heading">
        <h2 id="export-heading">Export the signatures</h2>
        <ul className="share-links">
          {canExport ? (
            <li>
              <a href={`/admin/letters/${letter.id}/export.csv`} download>
                Download every signature (CSV)
              </a>
              <span className="field__hint">
                All statuses, with email addresses, verification evidence and flags. For organizers only; each
                download is recorded in the audit log.
              </span>
            </li>
          ) : null}
          <li>
            <a href={`/admin/letters/${letter.id}/delivery-pack.pdf`} download>
              Download the delivery pack (PDF)
            </a>
            <span className="field__hint">
              For the recipient: the letter text with its version and hash, the counts, and every listed name
              by profession and location with how it was verified, plus a link and QR code to check each name.
            </span>
          </li>
          <li>
            <a href={api.csv} download>
              Download the public list (CSV)
            </a>
            <span className="field__hint">
              The names the letter page lists, with profession, organization, location and verification.
              Anyone can download it.
            </span>
          </li>
        </ul>
        <p className="field__hint">
          The files are UTF-8 with a byte-order mark, so Excel, Numbers and LibreOffice read accents as they
          are. Cells that a spreadsheet would run as a formula start with an apostrophe.
        </p>
      </section>

      <section className="share-section" aria-labelledby="mirror-heading">
        <h2 id="mirror-heading">Signed static mirror</h2>
        <p className="field__hint">
          The letter page and its whole public list as plain files (HTML, CSS and JSON) that any static host
          can serve, with no server behind them. A manifest lists every file with its SHA-256 and is signed
          with this instance’s key, published at <a href={mirror.keyUrl}>{mirror.keyUrl}</a>; the mirror’s
          page checks itself in the browser, and <code>npm run verify:mirror -- &lt;folder&gt;</code> checks
          it anywhere.
        </p>
        {letter.isDraft ? (
          <p className="field__hint">Open the letter first: a draft has no public page to mirror.</p>
        ) : (
          <ul className="share-links">
            <li>
              <a href={`/admin/letters/${letter.id}/mirror.zip`} download>
                Download the signed mirror (.zip)
              </a>
              <span className="field__hint">
                Public data only: the names the letter page lists, never an email address. Each download is
                recorded in the audit log.
              </span>
            </li>
          </ul>
        )}
      </section>

      <section className="share-section" aria-labelledby="embed-heading">
        <h2 id="embed-heading">Put the letter on other sites</h2>
        <div className="badge-preview">
          <img src={snippets.badgeUrl} alt={`Signature count of ${letter.title}`} height={20} />
          <span className="field__hint">
            The badge shows the live count; caches may hold it for a minute.
          </span>
        </div>
        <Snippet
          id="snippet-badge-html"
          label="Count badge, HTML"
          hint="An image that links to the letter."
          value={snippets.badgeHtml}
        />
        <Snippet
          id="snippet-badge-markdown"
          label="Count badge, Markdown"
          hint="For READMEs, forums and blogs written in Markdown."
          value={snippets.badgeMarkdown}
        />
        <Snippet
          id="snippet-iframe"
          label="Embed with a sign button"
          hint="A small card with the title, the count and a “Sign this letter” button that opens the letter in a new tab."
          value={snippets.iframe}
        />
      </section>

      <section className="share-section" aria-labelledby="api-heading">
        <h2 id="api-heading">Read API</h2>
        <p className="field__hint">
          JSON any site may read (CORS is open for reads); each answer can be cached for a minute.
        </p>
        <ul className="share-links">
          <li>
            <a href={api.self}>{api.self}</a>
            <span className="field__hint">
              The letter, its current text and version hash, and the counts.
            </span>
          </li>
          <li>
            <a href={api.signatures}>{api.signatures}</a>
            <span className="field__hint">
              The public list, page by page: follow each answer’s “next” link.
            </span>
          </li>
          <li>
            <a href={api.count}>{api.count}</a>
            <span className="field__hint">The count alone.</span>
          </li>
        </ul>
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
