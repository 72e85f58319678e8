// Readable names for the codes the API uses. The questionnaire brings its
// own labels; these are the codes it does not describe.

export const roleNames: Record<string, string> = {
  officer: 'police officer',
  lead: 'supervising officer',
  clinician: 'NHS clinician',
  probation: 'probation officer',
  advocate: 'independent stalking advocate',
  prosecutor: 'prosecutor',
  analyst: 'analyst',
  admin: 'administrator',
}

// As src/domain/vocabulary.cpp names them.
export const recordedAsNames: Record<string, string> = {
  stalking_s2a: 'Stalking (PHA 1997 s2A)',
  stalking_s4a: 'Stalking involving fear of violence or serious alarm or distress (s4A)',
  harassment_s2: 'Harassment (PHA 1997 s2)',
  harassment_s4: 'Harassment with fear of violence (s4)',
  malicious_communications: 'Malicious communications',
  coercive_control: 'Controlling or coercive behaviour (SCA 2015 s76)',
  criminal_damage: 'Criminal damage',
  theft: 'Theft',
  assault: 'Assault',
  neighbour_dispute: 'Neighbour dispute (non-crime)',
  other: 'Other',
  not_recorded: 'Not recorded as a crime',
}

export const partyRoleNames: Record<string, string> = {
  victim: 'Victim',
  suspect: 'Suspect',
  witness: 'Witness',
}

export const recordTypeNames: Record<string, string> = {
  report: 'Reports',
  person: 'Person records',
  screening: 'Screenings',
}

export const fieldClassNames: Record<string, { name: string; hint: string }> = {
  narrative: { name: 'Narratives', hint: 'Report summaries and screening answers.' },
  contact: { name: 'Contact details', hint: 'Addresses, postcodes, phone numbers, e-mail addresses, handles and vehicles.' },
  victim_contact: {
    name: 'Victims’ contact details for roles working with the perpetrator',
    hint: 'Without this, probation never sees where a victim lives, whatever else is shared.',
  },
  health: { name: 'Health information', hint: 'Shown only to health roles.' },
}

// Record fields as the access member names them.
export const fieldNames: Record<string, string> = {
  summary: 'What happened',
  answers: 'Screening answers',
  address: 'Address',
  postcode: 'Postcode',
  phones: 'Phone numbers',
  emails: 'E-mail addresses',
  handles: 'Online handles',
  vehicles: 'Vehicles',
}

export const agencyKindNames: Record<string, string> = {
  police_force: 'Police forces',
  probation_region: 'Probation regions',
  nhs_trust: 'NHS trusts',
  advocacy_service: 'Advocacy services',
  cps_area: 'Crown Prosecution Service areas',
  commissioner: 'Commissioners',
}

// One agency of a kind, for a table cell.
export const agencyKindName: Record<string, string> = {
  police_force: 'Police force',
  probation_region: 'Probation region',
  nhs_trust: 'NHS trust',
  advocacy_service: 'Advocacy service',
  cps_area: 'Crown Prosecution Service area',
  commissioner: 'Commissioner',
}

// What each action a role grants lets its users do (src/access/policy.cpp).
export const grantNames: Record<string, string> = {
  'agency.read': 'See the agencies taking part',
  'agreement.admin': 'Manage information-sharing agreements',
  'audit.read': 'See who has seen a record',
  'case.advocacy': 'Record the advocate’s work with the victim',
  'case.police': 'Record police work on a case: orders, outcomes, telling the victim',
  'case.read': 'Read cases',
  'case.refer': 'Refer a case to the stalking programme',
  'case.triage': 'Triage referred cases',
  'case.write': 'Record work on a case',
  'emergency.open': 'Open another agency’s record in an emergency',
  'emergency.review': 'Review emergency access to the agency’s records',
  'findings.acknowledge': 'Record acting on a course-of-conduct finding',
  'findings.read': 'Read course-of-conduct findings',
  'health.read': 'Read health information',
  'health.write': 'Record health contacts',
  'link.decide': 'Decide whether two person records are the same person',
  'link.read': 'See possible matches between person records',
  'panel.manage': 'Run panels: agendas and minutes',
  'panel.read': 'Read panels and their agendas',
  'person.read': 'Read person records',
  'rank.read': 'See the harm ranking',
  'report.create': 'Record new reports',
  'report.list': 'List reports',
  'report.read': 'Read reports',
  'retention.review': 'Review records past their retention date',
  'screening.create': 'Screen reports',
  'screening.read': 'Read screenings',
  'stats.read': 'Read the dashboards',
  'token.admin': 'Manage service tokens',
  'user.admin': 'Manage users and their roles',
}

export const auditActionNames: Record<string, string> = {
  'report.create': 'Recorded the report',
  'report.read': 'Viewed the report',
  'report.list': 'Listed reports',
  'person.read': 'Viewed the person record',
  'person.create': 'Created the person record',
  'person.links': 'Looked at possible matches',
  'person.link_explain': 'Looked at why two records may match',
  'person.link_decisions': 'Looked at the decisions about its links',
  'person.link_decide': 'Decided whether it is the same person as another record',
  'person.link_undo': 'Undid a decision about its links',
  'person.chart': 'Looked at the link chart',
  'person.subject_export': 'Exported for subject access',
  'screening.create': 'Screened the report',
  'screening.read': 'Viewed a screening',
  'audit.read': 'Looked at who has seen the record',
  'emergency.open': 'Opened emergency access',
  'emergency.review': 'Reviewed emergency access',
  'retention.queue': 'Listed for retention review',
  'retention.retain': 'Kept at retention review',
  'retention.delete': 'Deleted at retention review',
  'finding.list': 'Listed among course-of-conduct findings',
  'finding.read': 'Read the finding',
  'finding.acknowledge': 'Acknowledged the finding',
  'finding.raise': 'Raised by the findings computation',
  'finding.change': 'Changed by the findings computation',
  'finding.reopen': 'Raised again by the findings computation',
  'finding.withdraw': 'Withdrawn by the findings computation',
}

// What the course-of-conduct engine found.
export const findingTypeNames: Record<string, string> = {
  course_exists: 'A course of conduct',
  misrecorded: 'Recorded as separate incidents, but stalking',
  cross_force: 'Reported to more than one force',
  serial_perpetrator: 'The suspect has other victims',
  escalation: 'The conduct is escalating',
}

export const findingStatusNames: Record<string, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  withdrawn: 'Withdrawn',
}

export function label(map: Record<string, string>, code: string): string {
  return map[code] ?? code.replaceAll('_', ' ')
}

export function sentence(text: string): string {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text
}

// Case items (src/services/case_kinds.cpp).
export const channelNames: Record<string, string> = {
  phone: 'Phone',
  text: 'Text message',
  email: 'Email',
  letter: 'Letter',
  in_person: 'In person',
  video: 'Video call',
  via_advocate: 'Through the advocate',
}

export const contactWithNames: Record<string, string> = {
  victim: 'The victim',
  perpetrator: 'The perpetrator',
  officer: 'A police officer',
  other_agency: 'Another agency',
}

export const actionCategoryNames: Record<string, string> = {
  investigation: 'Investigation',
  crime_recording: 'Crime recording',
  interview_perpetrator: 'Interviewing the perpetrator',
  risk_management: 'Risk management',
  safeguarding: 'Safeguarding',
  advocacy: 'Advocacy',
  order: 'Protection order',
  other: 'Other',
}

export const decisionNames: Record<string, string> = {
  arrest: 'Arrest',
  interview: 'Interview',
  bail_change: 'Change to bail',
  released_under_investigation: 'Released under investigation',
  no_further_action: 'No further action',
  charge: 'Charge',
}

export const planTypeNames: Record<string, string> = {
  action_plan: 'Action plan',
  safeguarding_plan: 'Safeguarding plan',
  risk_management_plan: 'Risk-management plan',
}

// The parts of a triage's action plan, as the server names them in the
// plan's text ("Investigation: …").
export const actionPlanParts: [string, string][] = [
  ['investigation', 'Investigation'],
  ['crime_recording', 'Crime recording'],
  ['interview_perpetrator', 'Interviewing the perpetrator'],
  ['risk_management', 'Risk management'],
]

// A list of names as a sentence: "email or through the advocate".
export function listText(items: string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`
}

export const riskLevelNames: Record<string, string> = { standard: 'Standard', medium: 'Medium', high: 'High' }

export const orderTypeNames: Record<string, string> = {
  spo: 'Stalking Protection Order',
  restraining_order: 'Restraining order',
  non_molestation_order: 'Non-molestation order',
  dvpn: 'Domestic Violence Protection Notice (DVPN)',
  dvpo: 'Domestic Violence Protection Order (DVPO)',
  bail_conditions: 'Bail conditions',
}

export const orderConditionNames: Record<string, string> = {
  no_contact: 'No contact with the victim',
  no_approach: 'Not to approach the victim',
  exclusion_zone: 'An exclusion zone',
  no_online_contact: 'No contact online or on social media',
  no_third_party: 'No contact through other people',
  surrender_devices: 'Surrender phones or other devices',
  attend_programme: 'Attend a programme',
  notify_address: 'Tell the police their name and address',
  other: 'Another condition',
}

export const orderStatusNames: Record<string, string> = {
  considered: 'Considered',
  not_pursued: 'Not pursued',
  applied: 'Applied for',
  interim_granted: 'Interim order granted',
  interim_refused: 'Interim order refused',
  full_granted: 'Full order granted',
  full_refused: 'Full order refused',
  expired: 'Expired',
  discharged: 'Discharged',
}

// An order's statuses in which it can be breached.
export const ordersInForce = ['interim_granted', 'full_granted']

export const breachOutcomeNames: Record<string, string> = {
  pending: 'Not decided yet',
  warning: 'Warning given',
  arrested: 'Arrested',
  charged: 'Charged',
  no_further_action: 'No further action',
  convicted: 'Convicted',
  acquitted: 'Acquitted',
}

export const riskToolNames: Record<string, string> = {
  sash: 'SASH (Screening Assessment for Stalking and Harassment)',
  dash: 'DASH (Domestic Abuse, Stalking and Harassment)',
  srp: 'SRP (Stalking Risk Profile)',
  clinical: 'A clinical assessment',
  other: 'Another tool',
}

export const evidenceTypeNames: Record<string, string> = {
  screenshot: 'Screenshots',
  call_log: 'Call log',
  message: 'Messages',
  footage: 'Video footage',
  document: 'Document',
  physical: 'Physical item',
  other: 'Other',
}

export const evidenceSourceNames: Record<string, string> = {
  victim: 'The victim',
  officer: 'A police officer',
  witness: 'A witness',
  other_agency: 'Another agency',
}

export const engagementNames: Record<string, string> = {
  good: 'Good',
  partial: 'Partial',
  poor: 'Poor',
  none: 'None',
}

// Criminal justice outcomes (src/domain/vocabulary.cpp).
export const outcomeKindNames: Record<string, string> = {
  suspect_identified: 'Suspect identified',
  arrested: 'Arrested',
  charged: 'Charged',
  cautioned: 'Cautioned',
  no_further_action: 'No further action',
  trial: 'Reached trial',
  convicted: 'Convicted',
  acquitted: 'Acquitted',
}

// The outcomes that start a Victims' Code clock.
export const outcomesWithClock = ['arrested', 'charged', 'no_further_action']

export const nominationSourceNames: Record<string, string> = {
  team: 'The case team',
  partner: 'A partner agency',
  review: 'A case review',
  ranking: 'The harm ranking',
}

// What can happen to an item, by kind and lifecycle event
// (src/domain/case_lifecycle.cpp).
export const itemEventNames: Record<string, Record<string, string>> = {
  order: {
    decide_not_to_apply: 'Decided not to apply',
    apply: 'Application made to the court',
    grant_interim: 'Interim order granted',
    refuse_interim: 'Interim order refused',
    grant_full: 'Full order granted',
    refuse_full: 'Full order refused',
    serve: 'Served on the subject',
    vary: 'Varied',
    renew: 'Renewed',
    expire: 'Expired',
    discharge: 'Discharged',
    received: 'Recorded',
  },
  intervention: {
    start: 'Started',
    decline: 'Declined',
    complete: 'Completed',
    end: 'Ended early',
  },
  evidence: {
    received: 'Received',
    handle: 'Handled',
    return_to_owner: 'Returned to its owner',
    dispose: 'Disposed of',
  },
  consent: {
    withdraw: 'The victim withdrew consent',
    give: 'The victim gave consent',
  },
  advocacy: {
    accept: 'The victim accepted advocacy',
    decline: 'The victim declined advocacy',
    allocate: 'An advocate is allocated',
    withdraw_consent: 'The victim withdrew consent to advocacy',
    close: 'Support has ended',
  },
}

// The advocate's records and the multi-agency ones (src/services/case_kinds.cpp).
export const consentPurposeNames: Record<string, string> = {
  advocacy_referral: 'Referral to an advocate',
  information_sharing: 'Sharing information between agencies',
  health_referral: 'Referral to health services',
  other: 'Something else',
}

export const consentStatusNames: Record<string, string> = {
  given: 'Given',
  refused: 'Refused',
  withdrawn: 'Withdrawn',
}

export const advocacyStatusNames: Record<string, string> = {
  offered: 'Offered',
  accepted: 'Accepted',
  declined: 'Declined',
  allocated: 'Advocate allocated',
  withdrawn: 'Consent withdrawn',
  closed: 'Closed',
}

export const needNames: Record<string, string> = {
  safety: 'Safety',
  housing: 'Housing',
  health: 'Health',
  finance: 'Money',
  legal: 'Legal help',
  emotional: 'Emotional support',
  children: 'Children',
  employment: 'Work',
  other: 'Something else',
}

export const measureNames: Record<string, string> = {
  improved: 'Improved',
  same: 'The same',
  worse: 'Worse',
  not_asked: 'Not asked',
}

// The outcome measures, as the victim is asked about them.
export const outcomeMeasureNames: Record<string, string> = {
  better_able_to_cope: 'Coping',
  feel_safer: 'Feeling safe',
  better_informed: 'Being informed',
  health_wellbeing: 'Health and wellbeing',
  engage_justice: 'Taking part in the justice process',
}

export const mappaCategoryNames: Record<string, string> = {
  '1': 'Category 1: registered sexual offender',
  '2': 'Category 2: violent offender',
  '3': 'Category 3: other dangerous offender',
  '4': 'Category 4: terrorism or terrorism-connected offender',
}

export const mappaLevelNames: Record<string, string> = {
  '1': 'Level 1: ordinary agency management',
  '2': 'Level 2: active multi-agency management',
  '3': 'Level 3: active multi-agency management with senior oversight',
}
