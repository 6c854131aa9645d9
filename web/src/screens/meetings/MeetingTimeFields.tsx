// The date, start and end of a meeting as the district's clock shows them (New meeting and
// Reschedule), and their conversion to the instants the API takes. The API's messages about
// starts_at and ends_at appear next to the start and end times.
import { invalidField } from "../../api/client";
import { Field } from "../../components/Field";
import { districtTimeZone } from "../../time";
import { addMinutes, instantOf, isDay, wallClock } from "../../zonedTime";
import type { Meeting } from "./meetingTime";

export interface TimeDraft {
  day: string;
  start: string;
  end: string;
}

export const emptyTimes: TimeDraft = { day: "", start: "", end: "" };

export function timesOf(meeting: Meeting): TimeDraft {
  const start = wallClock(meeting.starts_at);
  return { day: start.day, start: start.time, end: wallClock(meeting.ends_at).time };
}

// The draft as the API's starts_at and ends_at; throws a field error for what is missing.
export function meetingInstants(draft: TimeDraft): { starts_at: string; ends_at: string } {
  if (!isDay(draft.day)) throw invalidField("day", "Choose the date of the meeting.");
  if (!draft.start) throw invalidField("starts_at", "Choose the start time.");
  if (!draft.end) throw invalidField("ends_at", "Choose the end time.");
  return {
    starts_at: instantOf({ day: draft.day, time: draft.start }),
    ends_at: instantOf({ day: draft.day, time: draft.end }),
  };
}

interface Props {
  draft: TimeDraft;
  onChange(draft: TimeDraft): void;
  errors: Record<string, string>;
}

export function MeetingTimeFields({ draft, onChange, errors }: Props) {
  // A first start time suggests a half-hour meeting; the end stays editable.
  const changeStart = (start: string) =>
    onChange({ ...draft, start, end: draft.end || (start ? addMinutes(start, 30) : "") });
  return (
    <fieldset className="field meeting-times">
      <legend>When ({districtTimeZone} time)</legend>
      <Field label="Date" error={errors.day}>
        <input type="date" value={draft.day} onChange={(event) => onChange({ ...draft, day: event.target.value })} />
      </Field>
      <Field label="Start time" error={errors.starts_at}>
        <input type="time" value={draft.start} onChange={(event) => changeStart(event.target.value)} />
      </Field>
      <Field label="End time" error={errors.ends_at}>
        <input type="time" value={draft.end} onChange={(event) => onChange({ ...draft, end: event.target.value })} />
      </Field>
    </fieldset>
  );
}
