import { html, nothing } from 'lit-html'
import { ApiError, get } from '../api'
import { apiErrorView, route, type PageContext } from '../app'
import { loadQuestionnaire } from '../data'
import { formatDateTime } from '../format'
import type { Access, Answers, Question, Questionnaire } from '../types'
import { accessNotice, withheldReason, withheldText } from '../ui/access'
import * as session from '../session'
import { details, linkButton, summaryCard, summaryList, tag, type Content } from '../ui/govuk'
import { answerText } from './screening'

interface Reason {
  rule_id: string
  text: string
  questions: string[]
}

interface Classification {
  code: string
  ho_class: string
  label: string
  legislation: string
  principal: boolean
  reasons: Reason[]
}

interface Result {
  principal: string
  classifications: Classification[]
  possible: { code: string; ho_class: string; questions: string[]; text: string }[]
  settle_questions: string[]
  counting: { rule_id: string; code: string; text: string }[]
  risk: { level: string; drivers: string[]; yes_count: number; unknown_count: number; reasons: Reason[] }
  actions: { code: string; text: string; why: string }[]
}

interface Change {
  kind: string
  subject: string
  from: string
  to: string
  text: string
}

export interface Screening {
  id: string
  report_id: string
  questionnaire_version: string
  created_at: string
  principal: string
  classifications: string[]
  risk_level: string
  previous_screening_id: string | null
  changes: Change[] | { changes: Change[] } | null
  answers: Answers | null
  result: Result
  access?: Access
}

export function riskTag(level: string): Content {
  if (level === 'high') return tag('High risk', 'red')
  if (level === 'medium') return tag('Medium risk', 'orange')
  return tag('Standard risk', 'grey')
}

export function principalTag(s: Screening): Content {
  const principal = s.result.classifications.find((c) => c.principal) ?? s.result.classifications[0]
  return principal ? `${principal.label}${principal.ho_class ? ` (${principal.ho_class})` : ''}` : s.principal
}

function reasonList(reasons: Reason[]): Content {
  return html`<ul class="govuk-list govuk-list--bullet">
    ${reasons.map((r) => html`<li>${r.text} <span class="app-rule">(rule ${r.rule_id})</span></li>`)}
  </ul>`
}

function questionText(byId: Map<string, Question>, id: string): string {
  return byId.get(id)?.text ?? id
}

function changesOf(s: Screening): Change[] {
  if (!s.changes) return []
  return Array.isArray(s.changes) ? s.changes : (s.changes.changes ?? [])
}

function answersBlock(s: Screening, questionnaire: Questionnaire): Content {
  const reason = withheldReason(s.access, 'answers')
  if (reason || !s.answers) return html`<p class="govuk-body">${withheldText(reason ?? 'not shared with you')}</p>`
  const answers = s.answers
  return questionnaire.sections.map((section) => {
    const rows = section.questions
      .filter((q) => answers[q.id] !== undefined)
      .map((q) => ({ key: q.text, value: answerText(q, answers[q.id]) }))
    return rows.length ? summaryCard(section.title, summaryList(rows), 3) : nothing
  })
}

// The screening the page's address names, or null after showing "not found".
export async function loadScreening(ctx: PageContext): Promise<Screening | null> {
  try {
    return await get<Screening>(`/api/v1/screenings/${encodeURIComponent(ctx.params.id)}`)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      ctx.show(apiErrorView(e, 'Screening'))
      return null
    }
    throw e
  }
}

async function screeningResultPage(ctx: PageContext): Promise<void> {
  const s = await loadScreening(ctx)
  if (!s) return
  const questionnaire = await loadQuestionnaire()
  const byId = new Map(questionnaire.sections.flatMap((sec) => sec.questions).map((q) => [q.id, q]))
  const r = s.result
  const principal = r.classifications.find((c) => c.principal) ?? r.classifications[0]
  const others = r.classifications.filter((c) => c !== principal)
  const changes = changesOf(s)

  const classificationCard = (c: Classification, title: string) =>
    summaryCard(
      `${title}: ${c.label}`,
      html`${summaryList(
          [
            { key: 'Home Office class', value: c.ho_class || 'None' },
            { key: 'Law', value: c.legislation || 'None' },
          ],
          { noBorder: true },
        )}
        <h3 class="govuk-heading-s">Why</h3>
        ${reasonList(c.reasons)}`,
    )

  ctx.show({
    title: 'Screening result',
    backLink: `/reports/${s.report_id}`,
    content: html`<span class="govuk-caption-l">Screening result</span>
      <h1 class="govuk-heading-l" tabindex="-1">${principal.label}</h1>
      <p class="govuk-body-l">
        ${principal.ho_class ? html`Home Office class ${principal.ho_class}. ` : nothing}${riskTag(r.risk.level)}
      </p>
      <p class="govuk-body">
        Screened ${formatDateTime(s.created_at)} with questionnaire ${s.questionnaire_version}. The
        screening supports a decision; the decision belongs to the officer and their supervisor.
      </p>
      ${accessNotice(s.access)}

      <h2 class="govuk-heading-m">Classification</h2>
      ${classificationCard(principal, 'Principal')}
      ${others.map((c) => classificationCard(c, 'Also'))}
      ${r.possible.length
        ? html`<h3 class="govuk-heading-s">Not settled yet</h3>
            <ul class="govuk-list govuk-list--bullet">
              ${r.possible.map(
                (p) => html`<li>
                  ${p.text}
                  ${p.questions.length
                    ? html`<br /><span class="app-rule">Answer: ${p.questions.map((q) => questionText(byId, q)).join('; ')}</span>`
                    : nothing}
                </li>`,
              )}
            </ul>`
        : nothing}

      <h2 class="govuk-heading-m">How to record it</h2>
      <p class="govuk-body">Advice under the Home Office Counting Rules.</p>
      <ul class="govuk-list govuk-list--bullet">
        ${r.counting.map((c) => html`<li>${c.text} <span class="app-rule">(rule ${c.rule_id})</span></li>`)}
      </ul>

      <h2 class="govuk-heading-m">Risk</h2>
      <p class="govuk-body">${riskTag(r.risk.level)}</p>
      ${reasonList(r.risk.reasons)}

      <h2 class="govuk-heading-m">What to do now</h2>
      <ol class="govuk-list govuk-list--number govuk-list--spaced">
        ${r.actions.map((a) => html`<li>${a.text}${a.why ? html`<br /><span class="app-rule">Why: ${a.why}</span>` : nothing}</li>`)}
      </ol>
      ${session.can('case.refer') ? linkButton(`/screenings/${s.id}/refer`, 'Refer to the stalking programme') : nothing}

      ${changes.length
        ? html`<h2 class="govuk-heading-m">What changed since the last screening</h2>
            <ul class="govuk-list govuk-list--bullet">${changes.map((c) => html`<li>${c.text}</li>`)}</ul>`
        : nothing}

      ${details('The answers this screening used', answersBlock(s, questionnaire))}
      <p class="govuk-body"><a class="govuk-link" href="/reports/${s.report_id}">Back to the report</a></p>`,
  })
}

route('/screenings/:id', screeningResultPage)
