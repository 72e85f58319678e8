// Course-of-conduct findings (docs/api.md, "Findings"): the open,
// acknowledged and withdrawn findings that involve the user's force (a
// sub-navigation switches between them), each with the date it was first
// raised; one finding with its reasons and reports, and the form on which a
// stalking lead records that they have acted on it. Loaded on first use
// (src/main.ts).

import { html, nothing } from 'lit-html'
import { ApiError, get, post, query } from '../api'
import { formValues, navigate, type PageContext } from '../app'
import { formatDate, formatDateTime } from '../format'
import { findingStatusNames, findingTypeNames, label, recordedAsNames } from '../labels'
import * as session from '../session'
import type { Finding } from '../types'
import { details, subNavigation, summaryList, table, tag, type Content, type FieldError } from '../ui/govuk'
import { formButtons, formPage, notFound, refused, saved } from './caseForm'
import { reasonField } from './reasonField'

const statuses = ['open', 'acknowledged', 'withdrawn'] as const

const NOTE_MAX = 2000

function statusTag(f: Finding): Content {
  const colour = f.status === 'open' ? 'red' : f.status === 'acknowledged' ? 'green' : 'grey'
  return tag(label(findingStatusNames, f.status), colour)
}

function typeText(f: Finding): string {
  return label(findingTypeNames, f.type)
}

export async function findingsPage(ctx: PageContext): Promise<void> {
  const status = ctx.query.get('status') ?? 'open'
  if (!statuses.includes(status as (typeof statuses)[number])) return navigate('/findings', { replace: true })
  const list = await get<{ items: Finding[] }>(`/api/v1/findings${query({ status })}`)
  if (!ctx.current()) return
  const rows = list.items.map((f) => [
    html`<a class="govuk-link" href="/findings/${f.id}">${typeText(f)}</a>`,
    f.forces.join(', '),
    String(f.reports.length),
    formatDate(f.first_raised_at.slice(0, 10)),
    statusTag(f),
  ])
  const name = label(findingStatusNames, status).toLowerCase()
  ctx.show({
    title: `Findings: ${name}`,
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Course-of-conduct findings</h1>
      ${subNavigation(
        'Findings by status',
        statuses.map((s) => ({
          href: `/findings${query({ status: s === 'open' ? undefined : s })}`,
          text: label(findingStatusNames, s),
          current: s === status,
        })),
      )}
      <p class="govuk-body">
        What the course-of-conduct engine found in the reports your force is involved in. A finding stays until a
        recomputation no longer raises it; then it is withdrawn, with the reason when it is known.
      </p>
      ${rows.length
        ? table({
            caption: `${label(findingStatusNames, status)} findings`,
            classes: 'app-table--wrap',
            head: ['Finding', 'Forces', 'Reports', 'First raised', 'Status'],
            rows,
          })
        : html`<p class="govuk-body">There are no ${name} findings.</p>`}`,
  })
}

function facts(f: Finding): Content {
  const rows: { key: string; value: Content }[] = [
    { key: 'Status', value: statusTag(f) },
    { key: 'First raised', value: formatDateTime(f.first_raised_at) },
    { key: 'Last confirmed', value: formatDateTime(f.last_confirmed_at) },
    { key: 'Forces', value: f.forces.join(', ') },
  ]
  if (f.withdrawn_at) {
    rows.push({ key: 'Withdrawn', value: html`${formatDateTime(f.withdrawn_at)}<span class="app-cell-note">${f.withdrawn_reason ?? ''}</span>` })
  }
  if (f.acknowledged) {
    rows.push({
      key: 'Acknowledged',
      value: html`${formatDateTime(f.acknowledged.at)}<span class="app-cell-note">${f.acknowledged.note ?? ''}</span>`,
    })
  }
  return summaryList(rows)
}

function reports(f: Finding): Content {
  return table({
    caption: 'Reports',
    captionSize: 'm',
    head: ['Reference', 'Force', 'Occurred', 'Recorded as'],
    rows: f.reports.map((r) => [
      r.reference || r.id,
      r.force,
      formatDate(r.occurred_at.slice(0, 10)),
      label(recordedAsNames, r.recorded_as),
    ]),
  })
}

export async function findingPage(ctx: PageContext): Promise<void> {
  let f: Finding
  try {
    f = await get<Finding>(`/api/v1/findings/${encodeURIComponent(ctx.params.id)}`)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return notFound(ctx, 'Finding')
    throw e
  }
  if (!ctx.current()) return
  const mayAcknowledge = f.status !== 'withdrawn' && session.can('findings.acknowledge')
  let note = ''

  const show = (errors: FieldError[] = []) =>
    formPage(
      ctx,
      { title: typeText(f), caption: 'Course-of-conduct finding', back: '/findings', errors },
      html`${facts(f)}
        <h2 class="govuk-heading-m">Why it was raised</h2>
        <ul class="govuk-list govuk-list--bullet">
          ${f.reasons.map((r) => html`<li>${r.text}</li>`)}
        </ul>
        ${f.recommendations.length
          ? details(
              'What to do',
              html`<ul class="govuk-list govuk-list--bullet">
                ${f.recommendations.map((r) => html`<li>${r.text}</li>`)}
              </ul>`,
            )
          : nothing}
        ${reports(f)}
        ${mayAcknowledge
          ? html`<h2 class="govuk-heading-m">Acknowledge</h2>
              <form novalidate @submit=${submit}>
                ${reasonField({
                  id: 'note',
                  label: 'What have you done about it?',
                  hint: f.acknowledged
                    ? 'It replaces the earlier acknowledgement, which the audit trail keeps.'
                    : 'For example: recorded as one crime of stalking, victim told, referred to the clinic.',
                  value: note,
                  errors,
                })}
                ${formButtons('Acknowledge', '/findings')}
              </form>`
          : nothing}`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    note = formValues(event.target as HTMLFormElement).get('note')
    const errors: FieldError[] = []
    if (!note.trim()) errors.push({ id: 'note', message: 'Enter what you have done about the finding' })
    else if ([...note].length > NOTE_MAX) errors.push({ id: 'note', message: `The note must be ${NOTE_MAX} characters or fewer` })
    if (errors.length) return show(errors)
    try {
      await post<Finding>(`/api/v1/findings/${encodeURIComponent(f.id)}/acknowledgement`, { note })
      await saved(ctx, `/findings/${f.id}`, 'Finding acknowledged')
    } catch (e) {
      refused(ctx, e, show, { ids: { note: 'note' }, names: { note: 'The note' }, fallback: 'note' })
    }
  }

  show()
}
