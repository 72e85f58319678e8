// Retention review (docs/security.md): the queue of one agency's records
// whose review date has passed, reports and cases each on their own page
// (a sub-navigation switches between them), oldest first, with the reasons
// each is due. Each record's review form is ./retentionReview. Loaded on
// first use (src/main.ts); the list cursors stay in memory, never in the
// address.

import { html, nothing } from 'lit-html'
import { get, query } from '../api'
import { navigate, type PageContext } from '../app'
import { agencyById } from '../data'
import { formatDate } from '../format'
import { sentence } from '../labels'
import type { RetentionItem, RetentionQueue } from '../types'
import { details, insetText, pagination, subNavigation, table, tag, type Content } from '../ui/govuk'
import { notFound } from './caseForm'

// The two queues, by the segment of the address that names them.
export interface RecordKind {
  type: 'report' | 'case'
  path: string // "/retention/reports"
  one: string // "report"
  many: string // "reports"
}

export const recordKinds: Record<string, RecordKind> = {
  reports: { type: 'report', path: '/retention/reports', one: 'report', many: 'reports' },
  cases: { type: 'case', path: '/retention/cases', one: 'case', many: 'cases' },
}

// "10 years", "18 months".
export function periodText(months: number): string {
  if (months % 12 === 0) return months === 12 ? '1 year' : `${months / 12} years`
  return months === 1 ? '1 month' : `${months} months`
}

// What the period counts from, as a column heading or summary key.
export function countedFromName(rule: RetentionQueue['rule']): string {
  return rule.counted_from === 'closure' ? 'Closed' : 'Last activity'
}

// The date part of a timestamp, as people read it.
export const dayOf = (timestamp: string) => formatDate(timestamp.slice(0, 10))

export function ruleText(rule: RetentionQueue['rule']): Content {
  const after = rule.counted_from === 'closure' ? 'it closes' : 'its last activity'
  return insetText(
    html`<p class="govuk-body">A ${rule.record_type} is reviewed ${periodText(rule.review_after_months)} after ${after}: ${rule.grounds}.</p>`,
  )
}

export function reasonList(item: RetentionItem): Content {
  return html`<ul class="govuk-list govuk-list--bullet">
    ${item.reasons.map((r) => html`<li>${r}</li>`)}
  </ul>`
}

export function heldTag(item: RetentionItem): Content {
  if (!item.held_by_cases.length) return nothing
  return html`<span class="app-cell-note">${tag('Held by case', 'blue')}</span>
    <span class="app-cell-note">${item.held_by_cases.join(', ')}</span>`
}

const PAGE_SIZE = 20

// Opaque cursors, one list per queue, kept in memory.
const cursors: Record<string, string[]> = { reports: [''], cases: [''] }

export async function queuePage(ctx: PageContext): Promise<void> {
  const name = ctx.params.type
  if (!name) return navigate('/retention/reports', { replace: true })
  const kind = recordKinds[name]
  if (!kind) return notFound(ctx)
  const list = cursors[name]
  const pageNumber = Math.max(1, Math.floor(Number(ctx.query.get('page') ?? '1')) || 1)
  if (pageNumber > list.length) return navigate(kind.path, { replace: true })
  const [queue, agencies] = await Promise.all([
    get<RetentionQueue>(`/api/v1/retention/queue${query({ type: kind.type, limit: PAGE_SIZE, cursor: list[pageNumber - 1] })}`),
    agencyById(),
  ])
  if (!ctx.current()) return
  if (queue.next_cursor) list[pageNumber] = queue.next_cursor
  const agency = agencies.get(queue.agency_id)?.name ?? 'Your agency'
  const caseQueue = kind.type === 'case'
  const title = `Retention review: ${kind.many}${pageNumber > 1 ? `, page ${pageNumber}` : ''}`
  const rows = queue.items.map((item) => {
    const review = html`<a class="govuk-link" href="${kind.path}/${item.record_id}">Review<span class="govuk-visually-hidden"> ${kind.one} ${item.reference}</span></a>`
    const why = details(html`Why it is due<span class="govuk-visually-hidden">: ${kind.one} ${item.reference}</span>`, reasonList(item))
    const reference = html`${item.reference}${heldTag(item)}`
    const dates = [dayOf(item.counted_from), formatDate(item.due_on)]
    return caseQueue
      ? [reference, sentence(item.status ?? ''), item.tier ? `Tier ${item.tier}` : 'Not tiered', ...dates, why, review]
      : [reference, ...dates, why, review]
  })
  const from = countedFromName(queue.rule)
  ctx.show({
    title,
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Retention review</h1>
      ${subNavigation(
        'Records to review',
        Object.entries(recordKinds).map(([key, k]) => ({ href: k.path, text: sentence(k.many), current: key === name })),
      )}
      <p class="govuk-body">
        ${agency}’s ${kind.many} whose review date has passed, oldest first. Review each one: keep it until a later
        review, or delete it. Nothing is deleted without a reviewer’s decision.
      </p>
      ${ruleText(queue.rule)}
      ${rows.length
        ? table({
            caption: pageNumber > 1 ? `${sentence(kind.many)} due for review, page ${pageNumber}` : `${sentence(kind.many)} due for review`,
            classes: 'app-table--wrap',
            head: caseQueue
              ? ['Reference', 'Status', 'Tier', from, 'Review due', 'Reasons', html`<span class="govuk-visually-hidden">Action</span>`]
              : ['Reference', from, 'Review due', 'Reasons', html`<span class="govuk-visually-hidden">Action</span>`],
            rows,
          })
        : html`<p class="govuk-body">No ${kind.many} are due for review.</p>
            ${caseQueue ? html`<p class="govuk-body">Open cases are never due: a case is reviewed after it closes.</p>` : nothing}`}
      ${pagination({
        label: `Pages of ${kind.many} due for review`,
        previous: pageNumber > 1 ? `${kind.path}${query({ page: pageNumber > 2 ? pageNumber - 1 : undefined })}` : undefined,
        next: queue.next_cursor ? `${kind.path}${query({ page: pageNumber + 1 })}` : undefined,
      })}`,
  })
}
