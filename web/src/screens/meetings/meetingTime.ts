// How a meeting's time reads everywhere: "Dec 3, 2026, 9:30 AM – 10:00 AM", district time.
import type { Schemas } from "../../api/client";
import { formatDateTime, formatTime } from "../../time";
import { wallClock } from "../../zonedTime";

export type Meeting = Schemas["Meeting"];

export function formatMeetingTime(meeting: Pick<Meeting, "starts_at" | "ends_at">): string {
  const sameDay = wallClock(meeting.starts_at).day === wallClock(meeting.ends_at).day;
  const end = sameDay ? formatTime(meeting.ends_at) : formatDateTime(meeting.ends_at);
  return `${formatDateTime(meeting.starts_at)} – ${end}`;
}

export function studentCount(count: number): string {
  return count === 1 ? "1 student" : `${count} students`;
}
