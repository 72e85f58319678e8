// Agencies: every agency taking part (GET /api/v1/agencies), by name, 50 a
// page, with a filter by name and by kind. The filter and the page number
// live in the address (agency names are not personal data), so a view can
// be shared.

import { html } from 'lit-html'
import { query } from '../api'
import { formValues, navigate, type PageContext } from '../app'
import { loadAgencies } from '../data'
import { agencyKindName, agencyKindNames, label } from '../labels'
import { filterForm, filterOptions, listCaption, pageOf } from '../ui/filter'
import { input, pagination, select, table } from '../ui/govuk'
import { mayManageUsers } from './adminUser'

const PAGE_SIZE = 50

export async function agenciesPage(ctx: PageContext): Promise<void> {
  if (!mayManageUsers(ctx)) return
  const all = await loadAgencies()
  if (!ctx.current()) return
  const name = (ctx.query.get('name') ?? '').trim()
  const kind = ctx.query.get('kind') ?? ''
  const words = name.toLowerCase().split(/\s+/).filter(Boolean)
  const matching = all
    .filter((a) => (!kind || a.kind === kind) && words.every((w) => a.name.toLowerCase().includes(w) || a.code.includes(w)))
    .sort((x, y) => x.name.localeCompare(y.name, 'en-GB'))
  const { page, pages, first, shown } = pageOf(matching, ctx.query.get('page'), PAGE_SIZE)
  const filtered = !!(name || kind)
  const at = (n: number) => `/admin/agencies${query({ name, kind, page: n > 1 ? n : undefined })}`

  function filter(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    void navigate(`/admin/agencies${query({ name: v.get('name'), kind: v.get('kind') })}`)
  }

  const caption = matching.length
    ? listCaption({ first, shown: shown.length, total: matching.length, pages, filtered, one: 'agency', many: 'agencies' })
    : 'No agencies match'

  ctx.show({
    title: pages > 1 ? `Agencies (page ${page} of ${pages})` : 'Agencies',
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Agencies</h1>
      <p class="govuk-body">The ${all.length} agencies taking part: police forces, probation regions, NHS trusts, advocacy services, Crown Prosecution Service areas and commissioners. Each user belongs to one.</p>
      ${filterForm({
        id: 'agency-filter',
        heading: 'Filter agencies',
        applied: filtered,
        clearHref: '/admin/agencies',
        onSubmit: filter,
        fields: [
          input({ id: 'name', label: 'Name', hint: 'All or part of the name or code', value: name, autocomplete: 'off', spellcheck: false, width: 'govuk-!-width-full' }),
          select({ id: 'kind', label: 'Kind', value: kind, groups: filterOptions('All kinds', Object.entries(agencyKindNames)) }),
        ],
      })}
      ${matching.length
        ? table({
            caption,
            classes: 'app-table--wrap',
            head: ['Name', 'Code', 'Kind', 'Region'],
            rows: shown.map((a) => [a.name, a.code, label(agencyKindName, a.kind), a.region || 'None']),
          })
        : html`<p class="govuk-body">No agencies match the filter. <a class="govuk-link" href="/admin/agencies">Show all agencies</a>.</p>`}
      ${pagination({ previous: page > 1 ? at(page - 1) : undefined, next: page < pages ? at(page + 1) : undefined, label: 'Pages of agencies' })}`,
  })
}
