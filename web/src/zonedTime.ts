// The district's wall clock: instants to and from the date and time a person reads and types
// in the district's time zone (time.ts formats them), and calendar days for week views. The
// browser's own zone never counts: staff may be travelling, or a laptop may be set wrong.
import { districtTimeZone } from "./time";

// A day ("2026-11-30") and a time of day ("09:30") on the district's clock.
export interface WallClock {
  day: string;
  time: string;
}

const partsFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: districtTimeZone,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

const dayMs = 86_400_000;

function zoneParts(instant: number): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(new Date(instant))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return parts;
}

// How far the district's clock is ahead of UTC at an instant (negative west of Greenwich).
function zoneOffsetMs(instant: number): number {
  const p = zoneParts(instant);
  const asIfUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asIfUtc - Math.floor(instant / 1000) * 1000;
}

const pad = (value: number | undefined) => String(value ?? 0).padStart(2, "0");

export function wallClock(at: string | Date): WallClock {
  const p = zoneParts(new Date(at).getTime());
  return {
    day: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
    time: `${pad(p.hour)}:${pad(p.minute)}`,
  };
}

// The instant (RFC 3339, UTC) that the district's clock shows as `day` `time`. Guessing with
// the offset at the naive instant, then correcting with the offset at the guess, lands right
// on both sides of a daylight-saving change.
export function instantOf({ day, time }: WallClock): string {
  const [year = 0, month = 1, date = 1] = day.split("-").map(Number);
  const [hour = 0, minute = 0] = time.split(":").map(Number);
  const naive = Date.UTC(year, month - 1, date, hour, minute);
  const guess = naive - zoneOffsetMs(naive);
  const instant = naive - zoneOffsetMs(guess);
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function isDay(text: string | null | undefined): text is string {
  return Boolean(text && /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text + "T00:00:00Z")));
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(day + "T00:00:00Z") + days * dayMs).toISOString().slice(0, 10);
}

// Today on the district's clock ("YYYY-MM-DD"), the default for forms that record a day.
export function today(): string {
  return wallClock(new Date()).day;
}

// The Monday of the week `day` is in (school weeks start on Monday).
export function mondayOf(day: string): string {
  const weekday = new Date(day + "T00:00:00Z").getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

// "09:30" plus 30 minutes -> "10:00", kept within the day.
export function addMinutes(time: string, minutes: number): string {
  const [hour = 0, minute = 0] = time.split(":").map(Number);
  const total = Math.min(hour * 60 + minute + minutes, 23 * 60 + 59);
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}
