// Roles: what each role may do, from the roles table the server has in
// force (GET /api/v1/roles), each action by its name and its code.

import { html } from 'lit-html'
import type { PageContext } from '../app'
import { grantNames } from '../labels'
import { table, type Content } from '../ui/govuk'
import { loadRoles, mayManageUsers, roleName } from './adminUser'

function grants(actions: string[]): Content {
  if (!actions.length) return 'Nothing'
  return html`<ul class="govuk-list">
    ${actions.map((a) => html`<li>${grantNames[a] ?? a}${grantNames[a] ? html` <span class="app-rule">(${a})</span>` : ''}</li>`)}
  </ul>`
}

export async function rolesPage(ctx: PageContext): Promise<void> {
  if (!mayManageUsers(ctx)) return
  const roles = await loadRoles()
  ctx.show({
    title: 'Roles',
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Roles</h1>
      <p class="govuk-body">
        Each user has one role, and the role decides what they may do. Whose records they see is decided by their
        agency and the <a class="govuk-link" href="/admin/agreements">information-sharing agreements</a>.
      </p>
      ${table({
        caption: `${roles.length} roles`,
        classes: 'app-table--wrap',
        head: ['Role', 'What it may do'],
        rows: roles.map((r) => [html`${roleName(r.role)} <span class="app-rule">(${r.role})</span>`, grants(r.actions)]),
      })}`,
  })
}
