// Moves a meeting to another day or time (the API records meeting_rescheduled on each
// student's timeline and bumps the calendar file's SEQUENCE).
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useFormSubmit } from "../../components/useFormSubmit";
import type { OnMeetingChanged } from "./MeetingScreen";
import { meetingInstants, MeetingTimeFields, timesOf } from "./MeetingTimeFields";
import { formatMeetingTime, type Meeting } from "./meetingTime";

export function Reschedule({ meeting, onChanged }: { meeting: Meeting; onChanged: OnMeetingChanged }) {
  const [times, setTimes] = useState(() => timesOf(meeting));
  const reschedule = async () => {
    const body = meetingInstants(times);
    const changed = unwrap(await api.PATCH("/api/v1/meetings/{id}", { params: { path: { id: meeting.id } }, body }));
    onChanged(changed, `Meeting moved to ${formatMeetingTime(changed)}.`);
  };
  const { onSubmit, busy, error, fields } = useFormSubmit(reschedule);
  return (
    <section className="panel" aria-labelledby="reschedule-heading">
      <h2 id="reschedule-heading">Reschedule</h2>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={error} />
        <MeetingTimeFields draft={times} onChange={setTimes} errors={fields} />
        <button type="submit" disabled={busy}>
          {busy ? "Rescheduling…" : "Reschedule"}
        </button>
      </form>
    </section>
  );
}
