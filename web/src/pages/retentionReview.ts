// Review one record in the retention queue: why it is due and its last
// review, then the decision: keep it until a later review (a date, or one
// review period ahead by default) or delete it, with a reason. Back on the
// queue, a banner says what was done; a deletion says what went with the
// record, counted. Loaded on first use (src/main.ts).

import { html } from 'lit-html'
import { ApiError, get, post, query } from '../api'
import { formValues, type PageContext } from '../app'
import { formatDate, formatDateTime } from '../format'
import { listText, sentence } from '../labels'
import * as session from '../session'
import type { DeletedCounts, RetentionItem, RetentionQueue, RetentionReview } from '../types'
import { dateErrorId, errorFor, radios, summaryList, warningText, type Content, type FieldError } from '../ui/govuk'
import { checkDate, dateField, emptyDate, formButtons, formPage, notFound, readDate, refused, saved } from './caseForm'
import { checkReason, reasonField } from './reasonField'
import { countedFromName, dayOf, heldTag, periodText, reasonList, recordKinds, type RecordKind } from './retention'

// The date `months` after an ISO date, the day kept within the month.
function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number)
  const first = new Date(Date.UTC(y, m - 1 + months, 1))
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate()
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10)
}

const deletedWords: [keyof DeletedCounts, string, string][] = [
  ['reports', 'report', 'reports'],
  ['screenings', 'screening', 'screenings'],
  ['outcomes', 'outcome', 'outcomes'],
  ['cases', 'case', 'cases'],
  ['case_items', 'case item', 'case items'],
  ['case_events', 'timeline event', 'timeline events'],
  ['nominations', 'panel nomination', 'panel nominations'],
  ['harm_scores', 'harm score', 'harm scores'],
  ['persons', 'person', 'persons'],
]

// "1 report, 2 screenings, 1 person"
export function deletedText(counts: DeletedCounts): string {
  return deletedWords
    .filter(([key]) => counts[key] > 0)
    .map(([key, one, many]) => `${counts[key]} ${counts[key] === 1 ? one : many}`)
    .join(', ')
}

function lastReviewText(review: RetentionReview | null): Content {
  if (!review) return 'None: this is its first review'
  const kept = review.decision === 'retain' && review.next_review_on ? ` until ${formatDate(review.next_review_on)}` : ''
  return html`${review.decision === 'retain' ? 'Kept' : 'Deleted'}${kept}, decided ${formatDateTime(review.reviewed_at)}
    <span class="app-cell-note">${review.reason}</span>`
}

function recordLink(kind: RecordKind, item: RetentionItem): Content {
  const readable = kind.type === 'case' ? session.can('case.read') : session.can('report.read')
  if (!readable) return item.reference
  return html`<a class="govuk-link" href="/${kind.type}s/${item.record_id}">${item.reference}</a>`
}

function noLongerDue(ctx: PageContext, kind: RecordKind): void {
  formPage(
    ctx,
    { title: `This ${kind.one} is not due for review`, caption: 'Retention review', back: kind.path, errors: [] },
    html`<p class="govuk-body">
        It is no longer in the queue: another reviewer may have kept or deleted it, or its review date has not come yet.
      </p>
      <p class="govuk-body"><a class="govuk-link" href="${kind.path}">Go back to the ${kind.many} due for review</a></p>`,
  )
}

export async function reviewPage(ctx: PageContext): Promise<void> {
  const kind = recordKinds[ctx.params.type]
  if (!kind) return notFound(ctx)
  let queue: RetentionQueue
  try {
    queue = await get<RetentionQueue>(`/api/v1/retention/queue${query({ type: kind.type, record: ctx.params.id })}`)
  } catch (e) {
    if (e instanceof ApiError && (e.status === 400 || e.status === 404)) return notFound(ctx, sentence(kind.one))
    throw e
  }
  if (!ctx.current()) return
  const item = queue.items[0]
  if (!item) return noLongerDue(ctx, kind)
  const period = periodText(queue.rule.review_after_months)
  const defaultNext = addMonths(queue.today, queue.rule.review_after_months)
  const d = { decision: '', next: emptyDate(), reason: '' }

  const show = (errors: FieldError[] = []) =>
    formPage(
      ctx,
      { title: `Review this ${kind.one}`, caption: `Retention review: ${kind.one} ${item.reference}`, back: kind.path, errors },
      html`${summaryList([
          { key: 'Reference', value: html`${recordLink(kind, item)}${heldTag(item)}` },
          ...(kind.type === 'case'
            ? [
                { key: 'Status', value: sentence(item.status ?? '') },
                { key: 'Tier', value: item.tier ? `Tier ${item.tier}` : 'Not tiered' },
              ]
            : []),
          { key: countedFromName(queue.rule), value: dayOf(item.counted_from) },
          { key: 'Review due', value: formatDate(item.due_on) },
          { key: 'Last review', value: lastReviewText(item.last_review) },
        ])}
        <h2 class="govuk-heading-m">Why it is due</h2>
        ${reasonList(item)}
        <form novalidate @submit=${submit}>
          ${radios({
            name: 'decision',
            legend: { text: `What should happen to this ${kind.one}?`, size: 'm' },
            value: d.decision,
            error: errorFor(errors, 'decision'),
            items: [
              {
                value: 'retain',
                text: 'Keep until a later review',
                conditional: dateField(
                  'next-review',
                  'Next review date (optional)',
                  d.next,
                  errors,
                  `The default is one review period ahead, ${period} from today: ${formatDate(defaultNext)}. For example, ${dateExample(defaultNext)}.`,
                ),
              },
              {
                value: 'delete',
                text: 'Delete',
                hint: item.held_by_cases.length
                  ? `It cannot be deleted while ${listText(item.held_by_cases.map((c) => `case ${c}`))} holds it: review the case first.`
                  : undefined,
                conditional: warningText(
                  html`Deleting cannot be undone. The ${kind.one} and what is only its own go, with any person record
                    nothing else refers to. The audit trail remains: who saw it, and this decision.`,
                ),
              },
            ],
          })}
          ${reasonField({
            label: 'Reason for your decision',
            hint: 'It is kept with the decision and in the audit trail.',
            value: d.reason,
            errors,
          })}
          ${formButtons('Save the decision', kind.path)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.decision = v.get('decision')
    d.next = readDate(v, 'next-review')
    d.reason = v.get('reason')
    const errors: FieldError[] = []
    let next: string | null = null
    if (!d.decision) errors.push({ id: 'decision', message: `Select whether to keep or delete the ${kind.one}` })
    if (d.decision === 'retain') {
      next = checkDate(errors, 'next-review', d.next, { name: 'The next review date', when: 'future' })
      if (next && next <= queue.today) {
        errors.push({ id: dateErrorId('next-review'), message: 'The next review date must be after today' })
      }
    }
    checkReason(errors, d.reason, { missing: 'Enter the reason for your decision' })
    if (errors.length) return show(errors)
    const body: Record<string, unknown> = { record_type: kind.type, record_id: item.record_id, decision: d.decision, reason: d.reason }
    if (next) body.next_review_on = next
    try {
      const done = await post<{ review: RetentionReview; deleted: DeletedCounts }>('/api/v1/retention/reviews', body)
      if (done.review.decision === 'delete') {
        await saved(
          ctx,
          kind.path,
          `Deleted ${item.reference}: ${deletedText(done.deleted)}`,
          html`<p class="govuk-body">The audit trail keeps who saw it and this decision.</p>`,
        )
      } else {
        await saved(
          ctx,
          kind.path,
          `Kept ${item.reference} until ${formatDate(done.review.next_review_on)}`,
          html`<p class="govuk-body">It leaves the queue until then.</p>`,
        )
      }
    } catch (e) {
      refused(ctx, e, show, {
        ids: {
          decision: 'decision',
          reason: 'reason',
          next_review_on: dateErrorId('next-review'),
          record_type: 'decision',
          record_id: 'decision',
        },
        names: { decision: 'The decision', reason: 'The reason', next_review_on: 'The next review date' },
        fallback: 'decision',
      })
    }
  }

  show()
}

// A date input's example: "23 11 2036".
function dateExample(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return `${d} ${m} ${y}`
}
