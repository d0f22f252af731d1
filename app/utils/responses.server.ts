/** Throws a Response the route's ErrorBoundary renders, when a condition fails. */
export function invariantResponse(
  condition: unknown,
  message: string,
  init: ResponseInit = { status: 400 },
): asserts condition {
  if (!condition)
    throw new Response(message, {
      ...init,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', ...init.headers },
    })
}

export function notFound(message = 'Not Found'): never {
  throw new Response(message, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}
