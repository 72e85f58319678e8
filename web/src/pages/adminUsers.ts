// Users: everyone who can sign in, with their role, agency and whether the
// account is locked; "Create a user", and for each user "Change role" and,
// when locked, "Unlock". Loaded on first use (src/main.ts).

import { html, nothing } from 'lit-html'
import { get, query } from '../api'
import { formValues, navigate, type PageContext } from '../app'
import { agencyById } from '../data'
import * as session from '../session'
import type { User } from '../types'
import { roleNames } from '../labels'
import { filterForm, filterOptions, listCaption, pageOf } from '../ui/filter'
import { linkButton, pagination, select, table, tag, type Content } from '../ui/govuk'
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

const PAGE_SIZE = 50

export async function usersPage(ctx: PageContext): Promise<void> {
  if (!mayManageUsers(ctx)) return
  const [users, agencies] = await Promise.all([get<{ items: User[] }>('/api/v1/users'), agencyById()])
  if (!ctx.current()) return
  // The API gives every user in one answer: the filter (a role code and an
  // agency code, kept in the address) and the pages are applied here.
  const role = ctx.query.get('role') ?? ''
  const agency = ctx.query.get('agency') ?? ''
  const agencyOf = (u: User) => agencies.get(u.agency_id)
  const matching = users.items.filter((u) => (!role || u.role === role) && (!agency || agencyOf(u)?.code === agency))
  const { page, pages, first, shown } = pageOf(matching, ctx.query.get('page'), PAGE_SIZE)
  const filtered = !!(role || agency)
  const at = (n: number) => `/admin/users${query({ role, agency, page: n > 1 ? n : undefined })}`
  // The agencies users belong to, by name.
  const userAgencies = [...new Map(users.items.map((u) => agencyOf(u)).filter((a) => !!a).map((a) => [a!.code, a!.name]))].sort((x, y) =>
    x[1].localeCompare(y[1], 'en-GB'),
  )

  function apply(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    void navigate(`/admin/users${query({ role: v.get('role'), agency: v.get('agency') })}`)
  }

  ctx.show({
    title: pages > 1 ? `Users (page ${page} of ${pages})` : 'Users',
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Users</h1>
      <p class="govuk-body">
        Everyone who can sign in, with their role and agency. A locked account cannot sign in until it is unlocked.
        <a class="govuk-link" href="/admin/roles">What each role may do</a>.
      </p>
      ${linkButton('/admin/users/new', 'Create a user')}
      ${filterForm({
        id: 'user-filter',
        heading: 'Filter users',
        applied: filtered,
        clearHref: '/admin/users',
        onSubmit: apply,
        fields: [
          select({ id: 'role', label: 'Role', value: role, groups: filterOptions('All roles', Object.keys(roleNames).map((r) => [r, roleName(r)])) }),
          select({ id: 'agency', label: 'Agency', value: agency, groups: filterOptions('All agencies', userAgencies) }),
        ],
      })}
      ${matching.length
        ? table({
            caption: listCaption({ first, shown: shown.length, total: matching.length, pages, filtered, one: 'user', many: 'users' }),
            classes: 'app-table--wrap',
            head: ['User name', 'Name', 'Role', 'Agency', 'Status', html`<span class="govuk-visually-hidden">Actions</span>`],
            rows: shown.map((u) => [
              u.username,
              u.display_name,
              roleName(u.role),
              agencyOf(u)?.name ?? 'Unknown agency',
              status(u),
              actions(u),
            ]),
          })
        : html`<p class="govuk-body">No users match the filter.</p>`}
      ${pagination({ previous: page > 1 ? at(page - 1) : undefined, next: page < pages ? at(page + 1) : undefined, label: 'Pages of users' })}`,
  })
}
