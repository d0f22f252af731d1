import type { LoaderFunctionArgs } from '@remix-run/node'
import { Form, NavLink, Outlet, useLoaderData } from '@remix-run/react'
import { accessDeniedHandlers, GeneralErrorBoundary } from '~/components/error-boundary'
import { requireUser } from '~/utils/auth.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return { user: { displayName: user.display_name, email: user.email, isOwner: user.role === 'owner' } }
}

export default function AdminLayout() {
  const { user } = useLoaderData<typeof loader>()
  return (
    <div className="admin">
      <nav className="admin-bar" aria-label="Organizer pages">
        <div className="admin-bar__inner">
          <NavLink to="/admin" end>
            Letters
          </NavLink>
          {user.isOwner ? <NavLink to="/admin/outbox">Outbox</NavLink> : null}
          <span className="admin-bar__user">{user.displayName}</span>
          <Form method="post" action="/admin/sign-out" className="admin-bar__sign-out">
            <button type="submit" className="link-button">
              Sign out
            </button>
            <button type="submit" name="everywhere" value="yes" className="link-button">
              Sign out everywhere
            </button>
          </Form>
        </div>
      </nav>
      <Outlet />
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <GeneralErrorBoundary
      statusHandlers={{
        ...accessDeniedHandlers,
      }}
    />
  )
}
