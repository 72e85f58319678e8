// Dates and times as people read them, in the device's time zone.

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
})
const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return 'Not given'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return dateTime.format(d).replace(' am', 'am').replace(' pm', 'pm')
}

// A calendar date "2026-05-01", or a partial one ("1980", "1980-07").
export function formatDate(value: string | null | undefined): string {
  if (!value) return 'Not given'
  const [y, m, d] = value.split('-').map(Number)
  if (!y) return value
  if (!m) return String(y)
  if (!d) return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)))
  return dateOnly.format(new Date(y, m - 1, d))
}

export function todayIso(): string {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export function percent(p: number): string {
  return `${(p * 100).toFixed(p >= 0.995 && p < 1 ? 1 : 0)}%`
}
