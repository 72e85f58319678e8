// The forms for work recorded on a case, each on its own page: add an
// action, log a contact (shown beside the victim's safe-contact preferences,
// which the server checks it against), and record that the victim was told
// of a Victims' Code decision. Loaded on first use through ./caseFormPages.
// Drafts stay in memory; addresses hold record ids only.

import { html, nothing } from 'lit-html'
import { ApiError, get, post } from '../api'
import { apiErrorView, flash, formValues, navigate, type PageContext } from '../app'
import { agencyById, loadAgencies } from '../data'
import { formatDate, todayIso } from '../format'
import { actionCategoryNames, channelNames, contactWithNames, label, listText, sentence } from '../labels'
import * as session from '../session'
import type { CaseItem, SafeContact } from '../types'
import {
  dateErrorId,
  dateInput,
  errorFor,
  input,
  notificationBanner,
  radios,
  select,
  summaryList,
  textarea,
  warningText,
  type Content,
  type FieldError,
} from '../ui/govuk'
import { serverErrors } from '../ui/serverErrors'
import {
  agencyGroups,
  caseFormPage,
  checkDateTime,
  closedCase,
  dateGiven,
  dateTimeFields,
  emptyDate,
  exampleDate,
  forbidden,
  formButtons,
  isoDate,
  loadCase,
  lower,
  readDate,
  readTime,
} from './caseForm'
import { clockText, collection, decisionName, safeContactView, type Case } from './cases'

// The channels as radios; with the victim's preferences known, the ones
// they agreed to say so in words.
function channelRadios(o: { legend: string; value: string; error?: string; safe: string[] | null; hint?: string }): Content {
  return radios({
    name: 'channel',
    legend: { text: o.legend, size: 's' },
    hint: o.hint,
    small: true,
    value: o.value,
    error: o.error,
    items: Object.entries(channelNames).map(([value, text]) => ({
      value,
      text,
      hint: o.safe?.includes(value) ? 'The victim agreed to this' : undefined,
    })),
  })
}

function safeChannels(items: CaseItem[] | null): string[] | null {
  const latest = items?.[items.length - 1]
  return latest?.body ? (latest.body as unknown as SafeContact).channels : null
}

// ---- add an action ----------------------------------------------------------

export async function actionPage(ctx: PageContext, kase: Case): Promise<void> {
  const [agencies, byId] = await Promise.all([loadAgencies(), agencyById()])
  const d = {
    title: '',
    category: '',
    owner: byId.get(session.user()!.agencyId)?.code ?? '',
    due: emptyDate(),
    detail: '',
  }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Add an action',
      errors,
      html`<form novalidate @submit=${submit}>
        ${input({
          id: 'title',
          label: 'What needs to be done',
          labelSize: 's',
          hint: 'One line, for example: Get the call records from the victim’s phone provider.',
          value: d.title,
          error: errorFor(errors, 'title'),
          autocomplete: 'off',
        })}
        ${radios({
          name: 'category',
          legend: { text: 'Category', size: 's' },
          small: true,
          value: d.category,
          error: errorFor(errors, 'category'),
          items: Object.entries(actionCategoryNames).map(([value, text]) => ({ value, text })),
        })}
        ${select({
          id: 'owner_agency',
          label: html`<span class="govuk-!-font-weight-bold">Agency that owns it</span>`,
          hint: 'The agency responsible for doing it.',
          value: d.owner,
          error: errorFor(errors, 'owner_agency'),
          groups: agencyGroups(agencies),
        })}
        ${dateInput({
          id: 'due',
          legend: { text: 'Due date', size: 's' },
          hint: exampleDate(),
          value: d.due,
          error: errorFor(errors, dateErrorId('due')),
        })}
        ${textarea({
          id: 'detail',
          label: html`<span class="govuk-!-font-weight-bold">Details (optional)</span>`,
          value: d.detail,
          rows: 4,
          error: errorFor(errors, 'detail'),
        })}
        ${formButtons('Add the action', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.title = v.get('title')
    d.category = v.get('category')
    d.owner = v.get('owner_agency')
    d.due = readDate(v, 'due')
    d.detail = v.get('detail')
    const errors: FieldError[] = []
    if (!d.title) errors.push({ id: 'title', message: 'Enter what needs to be done' })
    else if (d.title.length > 200) errors.push({ id: 'title', message: 'What needs to be done must be 200 characters or fewer' })
    if (!d.category) errors.push({ id: 'category', message: 'Select a category' })
    if (!d.owner) errors.push({ id: 'owner_agency', message: 'Select the agency that owns the action' })
    const due = isoDate(d.due)
    if (!dateGiven(d.due)) errors.push({ id: dateErrorId('due'), message: 'Enter the due date' })
    else if (!due) errors.push({ id: dateErrorId('due'), message: 'The due date must be a real date' })
    else if (due < todayIso()) errors.push({ id: dateErrorId('due'), message: 'The due date must be today or in the future' })
    if (errors.length) return show(errors)
    const body: Record<string, unknown> = { title: d.title, category: d.category, owner_agency: d.owner, due_on: due }
    if (d.detail) body.detail = d.detail
    try {
      await post(`/api/v1/cases/${kase.id}/actions`, body)
      if (!ctx.current()) return
      flash(notificationBanner({ success: true, heading: 'The action is added', body: html`<p class="govuk-body">It is due on ${formatDate(due)}.</p>` }))
      await navigate(`/cases/${kase.id}`, { replace: true })
    } catch (e) {
      if (!(e instanceof ApiError) || !ctx.current()) throw e
      if (e.status === 400 || e.status === 409) {
        return show(
          serverErrors(
            e,
            { title: 'title', category: 'category', owner_agency: 'owner_agency', due_on: dateErrorId('due'), detail: 'detail' },
            { title: 'What needs to be done', owner_agency: 'The agency that owns it', due_on: 'The due date' },
            'title',
          ),
        )
      }
      ctx.show(apiErrorView(e))
    }
  }

  show()
}

// ---- log a contact ----------------------------------------------------------

export async function contactPage(ctx: PageContext, kase: Case): Promise<void> {
  const preferences = await collection(kase.id, 'safe-contact')
  const safe = safeChannels(preferences)
  const d = { with: '', channel: '', date: emptyDate(), time: '', summary: '', override: '' }
  // The server's refusal of a channel the victim has not agreed to: the
  // form then asks for the reason to override their preferences.
  let refused = false

  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Log a contact',
      errors,
      html`<h2 class="govuk-heading-m">The victim’s safe-contact preferences</h2>
        ${safe?.length ? warningText('Contact the victim only in the ways they agreed to, unless it cannot wait.') : nothing}
        ${safeContactView(preferences)}
        <form novalidate @submit=${submit}>
          ${radios({
            name: 'with',
            legend: { text: 'Who was the contact with?', size: 's' },
            small: true,
            value: d.with,
            error: errorFor(errors, 'with'),
            items: Object.entries(contactWithNames).map(([value, text]) => ({ value, text })),
          })}
          ${channelRadios({
            legend: 'How was the contact made?',
            value: d.channel,
            error: errorFor(errors, 'channel'),
            safe,
            hint: 'A contact with the victim is checked against their safe-contact preferences.',
          })}
          ${refused || d.override
            ? input({
                id: 'override_reason',
                label: 'Reason for using a channel the victim has not agreed to',
                labelSize: 's',
                hint: 'Only if the contact could not use a channel they agreed to. At least 10 characters; it is recorded with the contact.',
                value: d.override,
                error: errorFor(errors, 'override_reason'),
                autocomplete: 'off',
              })
            : nothing}
          ${dateTimeFields('at', 'When was it?', d.date, d.time, errors)}
          ${textarea({
            id: 'summary',
            label: html`<span class="govuk-!-font-weight-bold">Summary (optional)</span>`,
            hint: 'What was said or agreed.',
            value: d.summary,
            rows: 5,
            error: errorFor(errors, 'summary'),
          })}
          ${formButtons('Log the contact', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.with = v.get('with')
    d.channel = v.get('channel')
    d.date = readDate(v, 'at')
    d.time = readTime(v, 'at')
    d.summary = v.get('summary')
    d.override = v.get('override_reason')
    const errors: FieldError[] = []
    if (!d.with) errors.push({ id: 'with', message: 'Select who the contact was with' })
    if (!d.channel) errors.push({ id: 'channel', message: 'Select how the contact was made' })
    if (d.override && d.override.length < 10) {
      errors.push({ id: 'override_reason', message: 'The reason for using a channel the victim has not agreed to must be at least 10 characters' })
    } else if (d.override.length > 200) {
      errors.push({ id: 'override_reason', message: 'The reason must be 200 characters or fewer' })
    }
    const at = checkDateTime(errors, 'at', d.date, d.time, 'the contact')
    if (errors.length || !at) return show(errors)
    const body: Record<string, unknown> = { with: d.with, channel: d.channel, at: at.toISOString() }
    if (d.summary) body.summary = d.summary
    if (d.override) body.override_reason = d.override
    try {
      await post(`/api/v1/cases/${kase.id}/contacts`, body)
      if (!ctx.current()) return
      flash(
        notificationBanner({
          success: true,
          heading: 'The contact is logged',
          body: d.override
            ? html`<p class="govuk-body">The reason for using a channel the victim has not agreed to is recorded with it.</p>`
            : nothing,
        }),
      )
      await navigate(`/cases/${kase.id}`, { replace: true })
    } catch (e) {
      if (!(e instanceof ApiError) || !ctx.current()) throw e
      const allowed = e.problem.allowed
      if (e.status === 409 && Array.isArray(allowed) && allowed.length && allowed.every((c) => typeof c === 'string' && c in channelNames)) {
        // The victim's preferences refuse this channel: say which ones they
        // agreed to, and ask for the reason if it must be this one.
        refused = true
        const agreed = listText(allowed.map((c) => lower(label(channelNames, c))), 'or')
        return show([
          {
            id: 'channel',
            message: `The victim’s safe-contact preferences do not allow contact by ${lower(label(channelNames, d.channel))}. Use ${agreed}, or give a reason for using a channel they have not agreed to`,
          },
        ])
      }
      if (e.status === 400 || e.status === 409) {
        return show(
          serverErrors(
            e,
            { with: 'with', channel: 'channel', at: dateErrorId('at'), summary: 'summary', override_reason: 'override_reason' },
            { with: 'Who the contact was with', at: 'The date and time', override_reason: 'The reason' },
            'with',
          ),
        )
      }
      ctx.show(apiErrorView(e))
    }
  }

  show()
}

// ---- tell the victim of a decision ----------------------------------------------

const clockOutcome: Record<string, string> = {
  met: 'Met: the victim was told in time.',
  breached: 'Breached: the victim was told later than the Victims’ Code allows.',
}

export async function informPage(ctx: PageContext): Promise<void> {
  if (!session.can('case.police')) return forbidden(ctx)
  const kase = await loadCase(ctx)
  if (!kase || !ctx.current()) return
  let item: CaseItem
  try {
    item = await get<CaseItem>(`/api/v1/case-items/${encodeURIComponent(ctx.params.item)}`)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return ctx.show(apiErrorView(e, 'Decision'))
    throw e
  }
  if (item.kind !== 'decision' || item.case_id !== kase.id) return ctx.show(apiErrorView(new ApiError({ status: 404 }), 'Decision'))
  if (kase.status === 'closed') return closedCase(ctx, kase)
  const preferences = await collection(kase.id, 'safe-contact')
  const safe = safeChannels(preferences)
  const name = decisionName(item)
  const decided = String(item.body?.decided_at ?? '').slice(0, 10)
  const caseId = kase.id
  const d = { told: emptyDate(), channel: '' }

  const facts = summaryList([
    { key: 'Decision', value: name },
    { key: 'Decided', value: formatDate(decided || null) },
    { key: 'Victims’ Code clock', value: clockText(item) },
    {
      key: 'Entitlement',
      value: kase.enhanced_rights
        ? 'Enhanced rights: the victim is told within 1 working day'
        : 'Standard rights: the victim is told within 5 working days',
    },
  ])

  if (!item.allowed_events?.includes('inform')) {
    return caseFormPage(
      ctx,
      kase,
      'The victim has been told of this decision',
      [],
      html`${facts}
        <p class="govuk-body"><a class="govuk-link" href="/cases/${kase.id}">Go back to the case</a></p>`,
    )
  }

  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Tell the victim about a decision',
      errors,
      html`${facts}
        <h2 class="govuk-heading-m">The victim’s safe-contact preferences</h2>
        ${safeContactView(preferences)}
        <form novalidate @submit=${submit}>
          ${dateInput({
            id: 'told',
            legend: { text: 'When was the victim told?', size: 's' },
            hint: exampleDate(),
            value: d.told,
            error: errorFor(errors, dateErrorId('told')),
          })}
          ${channelRadios({ legend: 'How was the victim told?', value: d.channel, error: errorFor(errors, 'channel'), safe })}
          ${formButtons('Record that the victim was told', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.told = readDate(v, 'told')
    d.channel = v.get('channel')
    const errors: FieldError[] = []
    const on = isoDate(d.told)
    if (!dateGiven(d.told)) errors.push({ id: dateErrorId('told'), message: 'Enter the date the victim was told' })
    else if (!on) errors.push({ id: dateErrorId('told'), message: 'The date the victim was told must be a real date' })
    else if (on > todayIso()) errors.push({ id: dateErrorId('told'), message: 'The date the victim was told must be today or in the past' })
    else if (decided && on < decided) {
      errors.push({ id: dateErrorId('told'), message: `The date the victim was told must be on or after the date of the decision, ${formatDate(decided)}` })
    }
    if (!d.channel) errors.push({ id: 'channel', message: 'Select how the victim was told' })
    if (errors.length || !on) return show(errors)
    try {
      const updated = await post<CaseItem>(`/api/v1/case-items/${item.id}/events`, {
        event: 'inform',
        version: item.version,
        on,
        channel: d.channel,
      })
      if (!ctx.current()) return
      const state = updated.victims_code_clock?.state ?? ''
      flash(
        notificationBanner({
          success: true,
          heading: `The victim is recorded as told of the ${lower(name)} decision`,
          body: clockOutcome[state] ? html`<p class="govuk-body">Victims’ Code clock: ${clockOutcome[state]}</p>` : nothing,
        }),
      )
      await navigate(`/cases/${caseId}`, { replace: true })
    } catch (e) {
      if (!(e instanceof ApiError) || !ctx.current()) throw e
      if (e.status === 409) {
        return show([{ id: dateErrorId('told'), message: `${sentence(e.problem.detail ?? 'The decision was changed by someone else')}. Go back to the case to see the change` }])
      }
      if (e.status === 400) {
        return show(serverErrors(e, { on: dateErrorId('told'), channel: 'channel' }, { on: 'The date', channel: 'How the victim was told' }, dateErrorId('told')))
      }
      ctx.show(apiErrorView(e))
    }
  }

  show()
}
