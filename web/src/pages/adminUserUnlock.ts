// Unlock a locked account: what unlocking does, and a button to confirm;
// an account that is not locked says so.

import { html } from 'lit-html'
import { post } from '../api'
import type { PageContext } from '../app'
import { insetText, type FieldError } from '../ui/govuk'
import { loadUser, mayManageUsers, userName } from './adminUser'
import { formButtons, formPage, refused, saved } from './caseForm'

export async function unlockPage(ctx: PageContext): Promise<void> {
  if (!mayManageUsers(ctx)) return
  const user = await loadUser(ctx)
  if (!user || !ctx.current()) return
  const page = { title: 'Unlock the account', caption: userName(user), back: '/admin/users', errors: [] as FieldError[] }
  if (!user.locked) {
    return formPage(
      ctx,
      { ...page, title: 'The account is not locked' },
      html`<p class="govuk-body">${user.display_name} can sign in: there is nothing to unlock.</p>
        <p class="govuk-body"><a class="govuk-link" href="/admin/users">Go back to the users</a></p>`,
    )
  }

  const show = (errors: FieldError[] = []) =>
    formPage(
      ctx,
      { ...page, errors },
      html`<p class="govuk-body">
          ${user.display_name} cannot sign in: the account was locked after too many failed sign-ins${user.failed_logins ? ` (${user.failed_logins})` : ''}.
        </p>
        ${insetText('Unlocking it lets them sign in again with their password, and starts the count of failed sign-ins again. If someone else may have been trying their password, make sure it is them before you unlock it.')}
        <form novalidate @submit=${submit}>${formButtons('Unlock the account', '/admin/users')}</form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    try {
      await post(`/api/v1/users/${encodeURIComponent(user!.id)}/unlock`, {})
      await saved(ctx, '/admin/users', `The account of ${user!.display_name} is unlocked`, html`<p class="govuk-body">They can sign in again.</p>`)
    } catch (e) {
      refused(ctx, e, show, { ids: {}, names: {}, fallback: 'unlock' })
    }
  }

  show()
}
