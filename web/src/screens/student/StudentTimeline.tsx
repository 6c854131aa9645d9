// Every event on the student, newest first, a page at a time, filtered by kind of event.
import { useState } from "react";
import { api, unwrap } from "../../api/client";
import { Field } from "../../components/Field";
import { ListSection } from "../../components/ListSection";
import { TimelineList } from "../../components/TimelineList";
import { usePagedList } from "../../components/usePagedList";
import { eventKinds } from "./eventKinds";

const pageSize = 20;

// `uploads` changes when a file is uploaded on the profile: its event is then the newest.
export function StudentTimeline({ studentId, uploads }: { studentId: number; uploads: number }) {
  const [kind, setKind] = useState("");
  const list = usePagedList(JSON.stringify([studentId, kind, uploads]), async (cursor) =>
    unwrap(
      await api.GET("/api/v1/students/{id}/timeline", {
        params: { path: { id: studentId }, query: { kind: kind || undefined, limit: pageSize, cursor } },
      }),
    ),
  );
  const filter = (
    <div className="filters">
      <Field label="Kind of event">
        <select value={kind} onChange={(event) => setKind(event.target.value)}>
          <option value="">All kinds</option>
          {eventKinds.map((option) => (
            <option key={option.kind} value={option.kind}>
              {option.label}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
  return (
    <ListSection
      title="Timeline"
      list={list}
      tools={filter}
      empty={kind ? "No events of this kind. Choose another kind, or All kinds." : "Nothing recorded yet."}
      render={(events) => <TimelineList events={events} />}
    />
  );
}
