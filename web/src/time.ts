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
export function formatDay(day: string | null | undefined): string {
  if (!day) return "";
  return new Intl.DateTimeFormat("en-US", {
    timeZone: "UTC",
    month: "short",
    day: "numeric",
  }).format(new Date(day + "T00:00:00Z"));
}

// The zone's offset from UTC at an instant, as RFC 3339 writes it ("-06:00", "+00:00").
function districtOffset(instant: Date): string {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: districtTimeZone, timeZoneName: "longOffset" })
    .formatToParts(instant)
    .find((part) => part.type === "timeZoneName")?.value;
  const offset = name?.replace("GMT", "") ?? "";
  return offset === "" ? "+00:00" : offset;
}

// The first moment of a calendar day ("2026-11-05") in the district's time zone, as an RFC 3339
// time the API takes ("2026-11-05T00:00:00-06:00"), so a day the user picks means the
// district's day, not UTC's. (Noon's offset: zones change offset at night, not at midnight.)
export function districtDayStart(day: string): string {
  return `${day}T00:00:00${districtOffset(new Date(day + "T12:00:00Z"))}`;
}

// The calendar day after `day`: an inclusive "last day" becomes the API's exclusive end.
export function nextDay(day: string): string {
  const next = new Date(day + "T00:00:00Z");
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
