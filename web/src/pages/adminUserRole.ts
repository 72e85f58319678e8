// Change a user's role: the roles as radios, the current one chosen. The
// server ends the user's sessions, so they sign in again with the new role;
// it refuses an administrator's own role, and the administrator role for
// someone without a second factor, and says why in the error summary.

import { html } from 'lit-html'
import { put } from '../api'
import { formValues, type PageContext } from '../app'
import * as session from '../session'
import { insetText, warningText, type FieldError } from '../ui/govuk'
import { sentence } from '../labels'
import { loadRoles, loadUser, mayManageUsers, roleName, roleText, userName } from './adminUser'
import { codeRadios, formButtons, formPage, refused, saved } from './caseForm'

export async function changeRolePage(ctx: PageContext): Promise<void> {
  if (!mayManageUsers(ctx)) return
  const [user, roles] = await Promise.all([loadUser(ctx), loadRoles()])
  if (!user || !ctx.current()) return
  const names = Object.fromEntries(roles.map((r) => [r.role, roleName(r.role)]))
  const page = { title: 'Change role', caption: userName(user), back: '/admin/users' }
  if (user.id === session.user()?.userId) {
    return formPage(
      ctx,
      { ...page, errors: [] },
      html`${insetText('You cannot change your own role. Another administrator can.')}
        <p class="govuk-body"><a class="govuk-link" href="/admin/users">Go back to the users</a></p>`,
    )
  }
  let role = user.role

  const show = (errors: FieldError[] = []) =>
    formPage(
      ctx,
      { ...page, errors },
      html`<p class="govuk-body">Their role now: ${roleText(user.role)}.</p>
        ${warningText(`Changing the role signs ${user.display_name} out everywhere: their sessions end, and they sign in again to use the new role.`)}
        <form novalidate @submit=${submit}>
          ${codeRadios({
            name: 'role',
            legend: 'New role',
            names,
            value: role,
            errors,
            hint: html`<a class="govuk-link" href="/admin/roles">What each role may do</a>.`,
            hints: { admin: 'Only for someone whose account has a second factor: an account created with another role has none.' },
          })}
          ${formButtons('Change role', '/admin/users')}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    role = formValues(event.target as HTMLFormElement).get('role')
    if (!role) return show([{ id: 'role', message: 'Choose a role' }])
    if (role === user!.role) return show([{ id: 'role', message: 'Choose a different role from the one they have now' }])
    try {
      await put('/api/v1/users/' + encodeURIComponent(user!.id) + '/role', { role })
      await saved(
        ctx,
        '/admin/users',
        `The role of ${user!.display_name} is now ${roleText(role)}`,
        html`<p class="govuk-body">Their sessions have ended: they sign in again to use the new role.</p>`,
      )
    } catch (e) {
      // The server's role messages are sentences of their own.
      refused(ctx, e, (errors) => show(errors.map((x) => ({ ...x, message: sentence(x.message.trim()) }))), {
        ids: { role: 'role' },
        names: { role: '' },
        fallback: 'role',
      })
    }
  }

  show()
}
