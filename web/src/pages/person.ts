import { html, nothing } from 'lit-html'
import { ApiError, get } from '../api'
import { apiErrorView, route, type PageContext } from '../app'
import { agencyById } from '../data'
import { formatDate, formatDateTime, percent } from '../format'
import * as session from '../session'
import type { Link, Person } from '../types'
import { accessNotice, shown } from '../ui/access'
import { summaryList, table, type Content } from '../ui/govuk'

function list(values: string[] | null): Content {
  if (!values || !values.length) return 'None recorded'
  return values.length === 1 ? values[0] : html`<ul class="govuk-list">${values.map((v) => html`<li>${v}</li>`)}</ul>`
}

async function personPage(ctx: PageContext): Promise<void> {
  let person: Person
  try {
    person = await get<Person>(`/api/v1/persons/${encodeURIComponent(ctx.params.id)}`)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return ctx.show(apiErrorView(e, 'Person record'))
    throw e
  }
  const agencies = await agencyById()
  let links: Link[] | null = null
  let linksNote = ''
  if (session.can('link.read')) {
    try {
      links = (await get<{ items: Link[] }>(`/api/v1/persons/${person.id}/links`)).items
    } catch (e) {
      if (!(e instanceof ApiError) || (e.status !== 404 && e.status !== 403)) throw e
      linksNote = 'Possible matches for this record are not shared with your agency.'
    }
  }
  const a = person.access
  const name = [person.given_name, person.family_name].filter(Boolean).join(' ')

  ctx.show({
    title: 'Person record',
    content: html`<span class="govuk-caption-l">Person record</span>
      <h1 class="govuk-heading-l" tabindex="-1">${name || 'Name not recorded'}</h1>
      ${accessNotice(a)}
      ${summaryList([
        { key: 'First name', value: person.given_name || 'Not recorded' },
        { key: 'Last name', value: person.family_name || 'Not recorded' },
        { key: 'Date of birth', value: formatDate(person.dob) },
        { key: 'Gender', value: person.gender || 'Not recorded' },
        { key: 'Address', value: shown(a, 'address', person.address || 'Not recorded') },
        { key: 'Postcode', value: shown(a, 'postcode', person.postcode || 'Not recorded') },
        { key: 'Phone numbers', value: shown(a, 'phones', list(person.phones)) },
        { key: 'E-mail addresses', value: shown(a, 'emails', list(person.emails)) },
        { key: 'Online handles', value: shown(a, 'handles', list(person.handles)) },
        { key: 'Vehicles', value: shown(a, 'vehicles', list(person.vehicles)) },
        { key: 'Recorded by', value: agencies.get(person.agency_id)?.name ?? 'Another agency' },
        { key: 'Recorded in Threadline', value: formatDateTime(person.created_at) },
        { key: 'Record id', value: html`<span class="app-id">${person.id}</span>` },
      ])}
      <p class="govuk-body">
        <a class="govuk-link" href="/persons/${person.id}/chart">Link chart of the course of conduct</a>: the reports,
        people, identifiers and forces linked to this record.
      </p>
      ${session.can('link.read')
        ? html`<h2 class="govuk-heading-m">Probably the same person</h2>
            <p class="govuk-body">
              Other person records that identity resolution finds are probably the same individual
              (50% or more), strongest first. Each comes with its explanation: which details agree,
              which differ, and how much each counts.
            </p>
            ${links === null
              ? html`<p class="govuk-body">${linksNote}</p>`
              : links.length
                ? table({
                    caption: 'Possible matches',
                    captionSize: 's',
                    classes: 'app-table--wrap',
                    head: ['Person record', 'Probability', 'Match weight', 'Why'],
                    numeric: [1, 2],
                    rows: links.map((l) => [
                      html`<a class="govuk-link app-id" href="/persons/${l.person_id}">${l.person_id}</a>`,
                      percent(l.probability),
                      l.match_weight.toFixed(1),
                      html`<a class="govuk-link" href="/persons/${person.id}/links/${l.person_id}">Explanation<span class="govuk-visually-hidden"> of the match with record ${l.person_id}</span></a>`,
                    ]),
                  })
                : html`<p class="govuk-body">No other record is probably the same person.</p>`}`
        : nothing}
      ${session.can('audit.read') && (person.agency_id === session.user()!.agencyId || session.user()!.role === 'admin')
        ? html`<p class="govuk-body"><a class="govuk-link" href="/audit/person/${person.id}">Who has seen this record</a></p>`
        : nothing}`,
  })
}

interface Explanation {
  prior_weight: number
  fields: {
    field: string
    level: string
    value_a?: string
    value_b?: string
    m: number
    u: number
    weight: number
    tf_adjustment: number
  }[]
  total_weight: number
  match_probability: number
}

async function linkExplanationPage(ctx: PageContext): Promise<void> {
  const { id, other } = ctx.params
  let e: Explanation
  try {
    e = await get<Explanation>(`/api/v1/links/${encodeURIComponent(id)}/${encodeURIComponent(other)}/explain`)
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return ctx.show(apiErrorView(err, 'Person record'))
    throw err
  }
  const signed = (w: number) => `${w >= 0 ? '+' : '−'}${Math.abs(w).toFixed(2)}`
  ctx.show({
    title: 'Why two records may be the same person',
    backLink: `/persons/${id}`,
    content: html`<span class="govuk-caption-l">Identity resolution</span>
      <h1 class="govuk-heading-l" tabindex="-1">Why these two records may be the same person</h1>
      <p class="govuk-body-l">Match probability ${percent(e.match_probability)}, total weight ${signed(e.total_weight)}.</p>
      <p class="govuk-body">
        Each detail adds weight when the records agree and takes it away when they differ, starting
        from the prior weight (how likely any two records are to match). Rare values count for more.
      </p>
      ${table({
        caption: 'How each detail counts',
        captionSize: 's',
        classes: 'app-table--wrap',
        head: ['Detail', 'Comparison', 'This record', 'Other record', 'Weight'],
        numeric: [4],
        rows: [
          ['Prior', 'Any two records', '', '', signed(e.prior_weight)],
          ...e.fields.map((f) => [
            f.field.replaceAll('_', ' '),
            f.level.replaceAll('_', ' '),
            f.value_a ?? '',
            f.value_b ?? '',
            `${signed(f.weight)}${f.tf_adjustment ? ' (rare value)' : ''}`,
          ]),
          [html`<strong>Total</strong>`, '', '', '', html`<strong>${signed(e.total_weight)}</strong>`],
        ],
      })}
      <p class="govuk-body">
        <a class="govuk-link" href="/persons/${id}">Back to the person record</a> ·
        <a class="govuk-link" href="/persons/${other}">Open the other record</a>
      </p>`,
  })
}

route('/persons/:id', personPage)
route('/persons/:id/links/:other', linkExplanationPage)
