// Dates and times in the district's time zone, which the server writes into index.html.
const fallbackZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function configuredZone(): string {
  const zone = document.querySelector<HTMLMetaElement>('meta[name="trellis-time-zone"]')?.content;
  if (!zone || zone.startsWith("__")) return fallbackZone;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    return fallbackZone;
  }
}

export const districtTimeZone = configuredZone();

const dateFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: districtTimeZone,
  year: "numeric",
  month: "short",
  day: "numeric",
});
const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: districtTimeZone,
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
});

// "2026-11-28T14:05:00Z" -> "Nov 28, 2026, 8:05 AM" (in America/Chicago)
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTimeFormat.format(new Date(iso)) : "";
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : "";
}

// A calendar date ("2026-11-28") is a day in the district, not an instant (a due date, a birth
// date): format it without shifting zones.
const dayFormat = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" });
const dayWithYearFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "numeric",
});

function formatCalendarDay(format: Intl.DateTimeFormat, day: string | null | undefined): string {
  return day ? format.format(new Date(day + "T00:00:00Z")) : "";
}

// "2026-11-28" -> "Nov 28"
export function formatDay(day: string | null | undefined): string {
  return formatCalendarDay(dayFormat, day);
}

// "2026-11-28" -> "Nov 28, 2026"
export function formatCalendarDate(day: string | null | undefined): string {
  return formatCalendarDay(dayWithYearFormat, day);
}
