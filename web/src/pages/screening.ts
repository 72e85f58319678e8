// The screening wizard: one page per section of the questionnaire the API
// serves (GOV.UK "question pages"), then "check your answers", then the
// real POST /api/v1/reports/{id}/screenings. Answers live in memory only.

import { html, nothing } from 'lit-html'
import { ApiError, get, post } from '../api'
import { apiErrorView, flash, navigate, route, type PageContext } from '../app'
import { loadQuestionnaire } from '../data'
import type { Answer, Answers, Question, Questionnaire, Report, Section } from '../types'
import {
  button,
  checkboxes,
  errorFor,
  input,
  notificationBanner,
  radios,
  summaryCard,
  summaryList,
  textarea,
  type Content,
  type FieldError,
} from '../ui/govuk'

const NONE = '__none'

interface Draft {
  reportId: string
  reference: string
  answers: Answers
}

const drafts = new Map<string, Draft>()

function shows(answers: Answers, rule?: { question: string; any_of: string[] }): boolean {
  if (!rule) return true
  const a = answers[rule.question]
  return typeof a === 'string' && rule.any_of.includes(a)
}

export function visibleSections(q: Questionnaire, answers: Answers): Section[] {
  return q.sections.filter((s) => shows(answers, s.show_if))
}

const yesNoUnknown = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unknown', label: 'Not known' },
]

export function answerText(q: Question, a: Answer | undefined): Content {
  if (a === undefined) return 'Not answered'
  if (q.type === 'yes_no_unknown') return yesNoUnknown.find((o) => o.value === a)?.label ?? String(a)
  if (q.type === 'single_choice') return q.options?.find((o) => o.value === a)?.label ?? String(a)
  if (q.type === 'multi_choice') {
    const list = a as string[]
    if (!list.length) return 'None of these'
    return html`<ul class="govuk-list">
      ${list.map((v) => html`<li>${q.options?.find((o) => o.value === v)?.label ?? v}</li>`)}
    </ul>`
  }
  return String(a)
}

function bytes(text: string): number {
  return new TextEncoder().encode(text).length
}

function questionField(q: Question, answers: Answers, errors: FieldError[]): Content {
  const error = errorFor(errors, q.id)
  const value = answers[q.id]
  const hint = q.help
  switch (q.type) {
    case 'yes_no_unknown':
      return radios({
        name: q.id,
        legend: { text: q.text, size: 's' },
        hint,
        error,
        inline: true,
        value: typeof value === 'string' ? value : undefined,
        items: yesNoUnknown.map((o) => ({ value: o.value, text: o.label })),
      })
    case 'single_choice':
      return radios({
        name: q.id,
        legend: { text: q.text, size: 's' },
        hint,
        error,
        value: typeof value === 'string' ? value : undefined,
        items: (q.options ?? []).map((o) => ({ value: o.value, text: o.label })),
      })
    case 'multi_choice':
      return checkboxes({
        name: q.id,
        legend: { text: q.text, size: 's' },
        hint: html`${hint} Leave every box unticked if you do not know.`,
        error,
        small: (q.options?.length ?? 0) > 8,
        values: Array.isArray(value) ? (value.length ? value : [NONE]) : [],
        items: [
          ...(q.options ?? []).map((o) => ({ value: o.value, text: o.label })),
          { value: NONE, text: 'None of these', exclusive: true, dividerBefore: 'or' },
        ],
      })
    case 'integer':
      return input({
        id: q.id,
        label: html`<span class="govuk-!-font-weight-bold">${q.text}</span>`,
        hint,
        error,
        inputmode: 'numeric',
        spellcheck: false,
        width: 'govuk-input--width-5',
        value: value === undefined ? '' : String(value),
      })
    case 'text':
      return textarea({
        id: q.id,
        label: html`<span class="govuk-!-font-weight-bold">${q.text}</span>`,
        hint,
        error,
        rows: 3,
        value: typeof value === 'string' ? value : '',
      })
  }
}

// Reads one section's answers from its form into `answers`; the problems found.
function readSection(section: Section, form: HTMLFormElement, answers: Answers): FieldError[] {
  const data = new FormData(form)
  const errors: FieldError[] = []
  for (const q of section.questions) {
    if (!shows(answers, q.show_if)) {
      delete answers[q.id]
      continue
    }
    if (q.type === 'multi_choice') {
      const ticked = data.getAll(q.id).map(String)
      if (ticked.includes(NONE)) answers[q.id] = []
      else if (ticked.length) answers[q.id] = ticked
      else delete answers[q.id]
      continue
    }
    const raw = String(data.get(q.id) ?? '').trim()
    if (!raw) {
      delete answers[q.id]
      if (q.required) {
        errors.push({
          id: q.id,
          message: q.type === 'yes_no_unknown' ? `Select yes, no or not known: ${q.text}` : `Select an answer: ${q.text}`,
        })
      }
      continue
    }
    if (q.type === 'integer') {
      const min = q.min ?? 0
      const max = q.max ?? Number.MAX_SAFE_INTEGER
      if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        errors.push({ id: q.id, message: `Enter a whole number from ${min} to ${max}: ${q.text}` })
        answers[q.id] = raw
        continue
      }
      answers[q.id] = Number(raw)
    } else if (q.type === 'text') {
      answers[q.id] = raw
      if (q.max_length && bytes(raw) > q.max_length) {
        errors.push({ id: q.id, message: `${q.text} must be ${q.max_length} characters or fewer` })
      }
    } else {
      answers[q.id] = raw
    }
  }
  return errors
}

async function startDraft(reportId: string): Promise<Draft> {
  const existing = drafts.get(reportId)
  if (existing) return existing
  const report = await get<Report>(`/api/v1/reports/${encodeURIComponent(reportId)}`)
  // What the report already says the suspect did starts the checklist.
  const draft: Draft = {
    reportId: report.id,
    reference: report.reference,
    answers: report.behaviours.length ? { behaviours: [...report.behaviours] } : {},
  }
  drafts.set(report.id, draft)
  return draft
}

async function screeningStart(ctx: PageContext): Promise<void> {
  const q = await loadQuestionnaire()
  drafts.delete(ctx.params.id) // a new screening starts empty
  try {
    await startDraft(ctx.params.id)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return ctx.show(apiErrorView(e, 'Report'))
    throw e
  }
  await navigate(`/reports/${ctx.params.id}/screening/${q.sections[0].id}`, { replace: true })
}

async function screeningStep(ctx: PageContext): Promise<void> {
  const q = await loadQuestionnaire()
  if (ctx.params.section === 'check') return checkPage(ctx, q)
  let draft: Draft
  try {
    const known = drafts.has(ctx.params.id)
    draft = await startDraft(ctx.params.id)
    if (!known && ctx.params.section !== q.sections[0].id) {
      // After a reload the answers so far are gone (they are never stored
      // in the browser): start again from the first question.
      await navigate(`/reports/${draft.reportId}/screening/${q.sections[0].id}`, { replace: true })
      return
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return ctx.show(apiErrorView(e, 'Report'))
    throw e
  }
  const sections = visibleSections(q, draft.answers)
  const index = sections.findIndex((s) => s.id === ctx.params.section)
  if (index < 0) return ctx.show(apiErrorView(new ApiError({ status: 404 })))
  const section = sections[index]
  const base = `/reports/${draft.reportId}/screening`

  const show = (errors: FieldError[] = []) => {
    const asked = section.questions.filter((x) => shows(draft.answers, x.show_if))
    ctx.show({
      title: `${section.title} – Screening`,
      errors,
      backLink: index > 0 ? `${base}/${sections[index - 1].id}` : `/reports/${draft.reportId}`,
      content: html`<div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">Screening: section ${index + 1} of ${sections.length}</span>
          <h1 class="govuk-heading-l" tabindex="-1">${section.title}</h1>
          ${section.help ? html`<p class="govuk-body">${section.help}</p>` : nothing}
          <form novalidate @submit=${submit}>
            ${asked.map((question) => questionField(question, draft.answers, errors))}
            ${button('Continue')}
          </form>
        </div>
      </div>`,
    })
  }

  function submit(event: SubmitEvent) {
    event.preventDefault()
    const errors = readSection(section, event.target as HTMLFormElement, draft.answers)
    if (errors.length) return show(errors)
    // Answers may have changed which sections apply (the relationship).
    const now = visibleSections(q, draft.answers)
    const at = now.findIndex((s) => s.id === section.id)
    const next = now[at + 1]
    void navigate(next ? `${base}/${next.id}` : `${base}/check`)
  }

  show()
}

function checkPage(ctx: PageContext, q: Questionnaire): void {
  const draft = drafts.get(ctx.params.id)
  if (!draft) {
    void navigate(`/reports/${ctx.params.id}/screening`, { replace: true })
    return
  }
  const base = `/reports/${draft.reportId}/screening`
  const sections = visibleSections(q, draft.answers)
  const sectionOf = new Map(sections.flatMap((s) => s.questions.map((x) => [x.id, s.id] as const)))
  const byId = new Map(q.sections.flatMap((s) => s.questions).map((x) => [x.id, x]))

  const show = (errors: FieldError[] = []) =>
    ctx.show({
      title: 'Check your answers – Screening',
      errors,
      backLink: `${base}/${sections[sections.length - 1].id}`,
      content: html`<div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds-from-desktop">
          <span class="govuk-caption-l">Screening</span>
          <h1 class="govuk-heading-l" tabindex="-1">Check your answers before screening the report</h1>
          ${sections.map((section) =>
            summaryCard(
              section.title,
              summaryList(
                section.questions
                  .filter((x) => shows(draft.answers, x.show_if))
                  .filter((x) => x.type !== 'text' || draft.answers[x.id] !== undefined)
                  .map((x) => ({
                    key: x.text,
                    value: answerText(x, draft.answers[x.id]),
                    actions: [{ href: `${base}/${section.id}`, text: 'Change', hidden: x.text }],
                  })),
              ),
            ),
          )}
          <h2 class="govuk-heading-m">Screen the report</h2>
          <p class="govuk-body">
            Threadline classifies the conduct from these answers, explains every conclusion, and
            says how to record the crime and what to do now.
          </p>
          <form novalidate @submit=${submit}>${button('Screen the report')}</form>
        </div>
      </div>`,
    })

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const asked = new Set(sections.flatMap((s) => s.questions.filter((x) => shows(draft!.answers, x.show_if)).map((x) => x.id)))
    const answers: Answers = {}
    for (const [k, v] of Object.entries(draft!.answers)) if (asked.has(k)) answers[k] = v
    try {
      const saved = await post<{ id: string }>(`/api/v1/reports/${draft!.reportId}/screenings`, {
        questionnaire_version: q.version,
        answers,
      })
      drafts.delete(draft!.reportId)
      flash(notificationBanner({ success: true, heading: 'The screening is saved' }))
      await navigate(`/screenings/${saved.id}`)
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.problem.errors?.length) {
        return show(
          e.problem.errors.map((fe) => {
            const qid = fe.field.replace(/^answers\//, '')
            const where = sectionOf.get(qid)
            const text = byId.get(qid)?.text ?? fe.field
            return { id: qid, href: where ? `${base}/${where}` : undefined, message: `${text}: ${fe.message}` }
          }),
        )
      }
      throw e
    }
  }

  show()
}

route('/reports/:id/screening', screeningStart)
route('/reports/:id/screening/:section', screeningStep)
