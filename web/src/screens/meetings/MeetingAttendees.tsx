// Those who may change the meeting change who attends, from the staff directory. The API takes
// the whole new list: new attendees may then see the meeting's students, removed ones no
// longer through this meeting.
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useFormSubmit } from "../../components/useFormSubmit";
import { useActiveStaff } from "../../components/useStaff";
import { AttendeesPicker } from "./AttendeesPicker";
import type { OnMeetingChanged } from "./MeetingScreen";
import type { Meeting } from "./meetingTime";

export function MeetingAttendees({ meeting, onChanged }: { meeting: Meeting; onChanged: OnMeetingChanged }) {
  const staff = useActiveStaff();
  const [attendeeIds, setAttendeeIds] = useState(() => meeting.attendees.map((attendee) => attendee.id));
  const save = async () => {
    const changed = unwrap(
      await api.PATCH("/api/v1/meetings/{id}", {
        params: { path: { id: meeting.id } },
        body: { attendee_ids: attendeeIds },
      }),
    );
    onChanged(changed, `Attendees saved: ${changed.attendees.map((attendee) => attendee.name).join(", ")}.`);
  };
  const { onSubmit, busy, error, fields } = useFormSubmit(save);
  return (
    <section className="panel" aria-labelledby="attendees-heading">
      <h2 id="attendees-heading">Attendees</h2>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={error} />
        <AttendeesPicker staff={staff} chosenIds={attendeeIds} onChange={setAttendeeIds} error={fields.attendee_ids} />
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save attendees"}
        </button>
      </form>
    </section>
  );
}
