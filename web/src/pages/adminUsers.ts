// Users: everyone who can sign in, with their role, agency and whether the
// account is locked; "Create a user", and for each user "Change role" and,
// when locked, "Unlock". Loaded on first use (src/main.ts).

import { html, nothing } from 'lit-html'
import { get } from '../api'
import type { PageContext } from '../app'
import { agencyById } from '../data'
import * as session from '../session'
import type { User } from '../types'
import { linkButton, table, tag, type Content } from '../ui/govuk'
import { mayManageUsers, roleName } from './adminUser'

function status(u: User): Content {
  if (u.locked) return tag('Locked', 'red')
  if (u.failed_logins > 0) return tag(`${u.failed_logins} failed sign-ins`, 'yellow')
  return tag('Active', 'green')
}

function actions(u: User): Content {
  const links: Content[] = []
  // The server refuses administrators' changes to their own role.
  if (u.id !== session.user()?.userId) links.push(html`<a class="govuk-link" href="/admin/users/${u.id}/role">Change role<span class="govuk-visually-hidden"> of ${u.username}</span></a>`)
  if (u.locked) links.push(html`<a class="govuk-link" href="/admin/users/${u.id}/unlock">Unlock<span class="govuk-visually-hidden"> ${u.username}</span></a>`)
  return links.length ? html`<ul class="govuk-list govuk-!-margin-bottom-0">${links.map((l) => html`<li class="app-nowrap">${l}</li>`)}</ul>` : nothing
}

export async function usersPage(ctx: PageContext): Promise<void> {
  if (!mayManageUsers(ctx)) return
  const [users, agencies] = await Promise.all([get<{ items: User[] }>('/api/v1/users'), agencyById()])
  ctx.show({
    title: 'Users',
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Users</h1>
      <p class="govuk-body">
        Everyone who can sign in, with their role and agency. A locked account cannot sign in until it is unlocked.
        <a class="govuk-link" href="/admin/roles">What each role may do</a>.
      </p>
      ${linkButton('/admin/users/new', 'Create a user')}
      ${table({
        caption: `${users.items.length} users`,
        classes: 'app-table--wrap',
        head: ['User name', 'Name', 'Role', 'Agency', 'Status', html`<span class="govuk-visually-hidden">Actions</span>`],
        rows: users.items.map((u) => [
          u.username,
          u.display_name,
          roleName(u.role),
          agencies.get(u.agency_id)?.name ?? 'Unknown agency',
          status(u),
          actions(u),
        ]),
      })}`,
  })
}
