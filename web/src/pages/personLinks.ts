// A person record's links on its page: the other records identity
// resolution finds are probably the same individual, with the decisions
// practitioners made (docs/linkage.md, "Practitioners' decisions"), and the
// history of those decisions. Roles with `link.decide` get a link to record
// a decision on each pair, and to undo a standing one (./linkDecision).

import { html, nothing } from 'lit-html'
import { ApiError, get } from '../api'
import { formatDateTime, percent } from '../format'
import * as session from '../session'
import type { Link, LinkDecision } from '../types'
import { table, tag, type Content } from '../ui/govuk'
import { withheldText } from '../ui/access'

export interface PersonLinks {
  links: Link[] | null // null: not shared with the viewer
  decisions: LinkDecision[] | null
}

async function orNull<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request
  } catch (e) {
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null
    throw e
  }
}

export async function loadPersonLinks(personId: string): Promise<PersonLinks> {
  const [links, decisions] = await Promise.all([
    orNull(get<{ items: Link[] }>(`/api/v1/persons/${personId}/links`)),
    orNull(get<{ items: LinkDecision[] }>(`/api/v1/persons/${personId}/link-decisions`)),
  ])
  return { links: links?.items ?? null, decisions: decisions?.items ?? null }
}

export const otherRecord = (d: LinkDecision, personId: string) => (d.person_a === personId ? d.person_b : d.person_a)

export function decisionTag(d: LinkDecision): Content {
  return d.decision === 'same' ? tag('Same person', 'green') : tag('Not the same person', 'orange')
}

// Who decided, when and why (or why that is withheld).
export function decidedText(d: LinkDecision): Content {
  const who = d.decided_by_name ? `${d.decided_by_name}, ` : ''
  return html`${who}${formatDateTime(d.decided_at)}
    <span class="app-cell-note">${d.details_withheld ? withheldText(d.details_withheld) : d.reason}</span>`
}

const decisionPath = (personId: string, other: string, what: 'decision' | 'undo') => `/persons/${personId}/links/${other}/${what}`

function linkActions(personId: string, l: Link): Content {
  const about = html`<span class="govuk-visually-hidden"> about record ${l.person_id}</span>`
  return html`<ul class="govuk-list">
    <li>
      <a class="govuk-link" href="/persons/${personId}/links/${l.person_id}">Explanation<span class="govuk-visually-hidden"> of the match with record ${l.person_id}</span></a>
    </li>
    ${session.can('link.decide') && !l.decision?.details_withheld
      ? html`<li>
          ${l.decision
            ? html`<a class="govuk-link" href="${decisionPath(personId, l.person_id, 'undo')}">Undo the decision${about}</a>`
            : html`<a class="govuk-link" href="${decisionPath(personId, l.person_id, 'decision')}">Decide${about}</a>`}
        </li>`
      : nothing}
  </ul>`
}

export function linksSection(personId: string, links: Link[] | null): Content {
  return html`<h2 class="govuk-heading-m">Probably the same person</h2>
    <p class="govuk-body">
      Other person records that identity resolution finds are probably the same individual (50% or more), strongest
      first. Each comes with its explanation: which details agree, which differ, and how much each counts. A
      practitioner’s decision wins over the model: records decided the same person come first, and records decided
      not the same person are not listed.
    </p>
    ${links === null
      ? html`<p class="govuk-body">Possible matches for this record are not shared with your agency.</p>`
      : links.length
        ? table({
            caption: 'Possible matches',
            captionSize: 's',
            classes: 'app-table--wrap',
            head: ['Person record', 'Probability', 'Match weight', 'Decided by a person', 'Actions'],
            numeric: [1, 2],
            rows: links.map((l) => [
              html`<a class="govuk-link app-id" href="/persons/${l.person_id}">${l.person_id}</a>`,
              l.decision
                ? html`${percent(l.probability)}<span class="app-cell-note">The model: ${percent(l.model_probability)}</span>`
                : percent(l.probability),
              l.match_weight.toFixed(1),
              l.decision ? html`${decisionTag(l.decision)}<span class="app-cell-note">${decidedText(l.decision)}</span>` : 'No',
              linkActions(personId, l),
            ]),
          })
        : html`<p class="govuk-body">No other record is probably the same person.</p>`}`
}

export function decisionsSection(personId: string, decisions: LinkDecision[] | null): Content {
  if (decisions === null) return nothing
  const decide = session.can('link.decide')
  return html`<h2 class="govuk-heading-m">Decisions about this record’s links</h2>
    ${decisions.length
      ? table({
          caption: 'Decisions, newest first, undone ones included',
          captionSize: 's',
          classes: 'app-table--wrap',
          head: ['Other record', 'Decision', 'Decided', 'Now', ...(decide ? [html`<span class="govuk-visually-hidden">Action</span>`] : [])],
          rows: decisions.map((d) => {
            const other = otherRecord(d, personId)
            const now = d.active
              ? tag('Standing', 'blue')
              : html`Undone${d.undone_by_name ? ` by ${d.undone_by_name}` : ''}, ${formatDateTime(d.undone_at)}
                  ${d.undo_reason ? html`<span class="app-cell-note">${d.undo_reason}</span>` : nothing}`
            const action = d.active && !d.details_withheld
              ? html`<a class="govuk-link" href="${decisionPath(personId, other, 'undo')}">Undo<span class="govuk-visually-hidden"> the decision about record ${other}</span></a>`
              : ''
            return [
              html`<a class="govuk-link app-id" href="/persons/${other}">${other}</a>`,
              decisionTag(d),
              decidedText(d),
              now,
              ...(decide ? [action] : []),
            ]
          }),
        })
      : html`<p class="govuk-body">No one has decided whether this record is the same person as another.</p>`}`
}
