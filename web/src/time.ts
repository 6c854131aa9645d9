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

// A calendar date ("2026-11-28") is a day, not an instant: format it without shifting zones.
const dayFormat = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" });

// "2026-11-28" -> "Nov 28"
export function formatDay(day: string | null | undefined): string {
  return day ? dayFormat.format(new Date(day + "T00:00:00Z")) : "";
}

const timeFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: districtTimeZone,
  hour: "numeric",
  minute: "2-digit",
});

// "2026-11-28T14:05:00Z" -> "8:05 AM" (in America/Chicago)
export function formatTime(iso: string | null | undefined): string {
  return iso ? timeFormat.format(new Date(iso)) : "";
}

// A calendar date as a day of the week: "2026-11-30" -> "Monday, Nov 30".
export function formatWeekday(day: string): string {
  return new Intl.DateTimeFormat("en-US", {
    timeZone: "UTC",
    weekday: "long",
    month: "short",
    day: "numeric",
  }).format(new Date(day + "T00:00:00Z"));
}

const calendarDateFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "numeric",
});

// A calendar date with its year ("2026-11-28" -> "Nov 28, 2026"), a day and not an instant.
export function formatCalendarDate(day: string | null | undefined): string {
  if (!day) return "";
  const at = new Date(day + "T00:00:00Z");
  return Number.isNaN(at.getTime()) ? day : calendarDateFormat.format(at);
}
