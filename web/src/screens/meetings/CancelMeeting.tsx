// Cancelling asks first: it cannot be undone (a cancelled meeting cannot be changed; the
// calendar file then says CANCELLED, so synced calendars drop it).
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { Dialog } from "../../components/Dialog";
import { ErrorMessage } from "../../components/ErrorMessage";
import { useSubmit } from "../../components/useSubmit";
import type { OnMeetingChanged } from "./MeetingScreen";
import type { Meeting } from "./meetingTime";

export function CancelMeeting({ meeting, onChanged }: { meeting: Meeting; onChanged: OnMeetingChanged }) {
  const [asking, setAsking] = useState(false);
  const cancel = async () => {
    const changed = unwrap(
      await api.PATCH("/api/v1/meetings/{id}", { params: { path: { id: meeting.id } }, body: { status: "cancelled" } }),
    );
    setAsking(false);
    onChanged(changed, "Meeting cancelled.");
  };
  const { run, busy, error } = useSubmit(cancel);
  return (
    <>
      <button type="button" onClick={() => setAsking(true)}>
        Cancel meeting…
      </button>
      {asking && (
        <Dialog title={`Cancel “${meeting.title}”?`} onCancel={() => setAsking(false)}>
          <p>A cancelled meeting cannot be changed or moved again; notes can still be added.</p>
          <ErrorMessage error={error} />
          <div className="form-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
              {busy ? "Cancelling…" : "Cancel meeting"}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              Keep it
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}
