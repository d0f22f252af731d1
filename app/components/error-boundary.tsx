import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import type { ReactNode } from 'react'

type StatusHandler = (info: { status: number; message: string }) => ReactNode

const defaultHandlers: Record<number, StatusHandler> = {
  404: () => (
    <>
      <h1>Page not found</h1>
      <p>There is nothing at this address. The link may be mistyped, or the page was moved.</p>
    </>
  ),
}

/** One error page for every route; routes pass handlers for the statuses they expect. */
export function GeneralErrorBoundary({
  statusHandlers = {},
}: {
  statusHandlers?: Record<number, StatusHandler>
}) {
  const error = useRouteError()
  let content: ReactNode
  if (isRouteErrorResponse(error)) {
    const handler = statusHandlers[error.status] ?? defaultHandlers[error.status]
    const message = typeof error.data === 'string' ? error.data : error.statusText
    content = handler ? (
      handler({ status: error.status, message })
    ) : (
      <>
        <h1>{error.status === 400 ? 'That request could not be used' : 'Something went wrong'}</h1>
        <p>{message}</p>
      </>
    )
  } else {
    if (typeof document !== 'undefined') console.error(error)
    content = (
      <>
        <h1>Something went wrong</h1>
        <p>We could not show this page. Please try again in a moment.</p>
      </>
    )
  }
  return (
    <div className="page page--narrow notice-page">
      {content}
      <p>
        <Link to="/">Back to all letters</Link>
      </p>
    </div>
  )
}

/** For admin pages: what a signed-in user without access to a letter sees. */
export const accessDeniedHandlers: Record<number, StatusHandler> = {
  403: ({ message }) => (
    <>
      <h1>Not your letter</h1>
      <p>{message} Ask one of its organizers to add you.</p>
    </>
  ),
}
