// Notes and decisions, grouped by the student they are about (and the meeting as a whole).
// A note about a student lands on that student's timeline (meeting_note_added).
import { useEffect, useState } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useFormSubmit } from "../../components/useFormSubmit";
import { formatDateTime } from "../../time";
import type { Meeting } from "./meetingTime";

type Note = Schemas["MeetingNote"];

interface Props {
  meeting: Meeting;
  canWrite: boolean;
  announce(sentence: string): void;
}

function useNotes(meetingId: number) {
  const [notes, setNotes] = useState<Note[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = (cursor?: string) =>
    api
      .GET("/api/v1/meetings/{id}/notes", { params: { path: { id: meetingId }, query: { limit: 100, cursor } } })
      .then((result) => {
        const page = unwrap(result);
        setNotes((shown) => [...(cursor ? (shown ?? []) : []), ...page.items]);
        setNext(page.next_cursor);
      })
      .catch(setError);
  useEffect(() => {
    void load();
    // load reads only meetingId.
  }, [meetingId]);
  const added = (note: Note) => setNotes((shown) => [...(shown ?? []), note]);
  return { notes, error, more: next ? () => void load(next) : undefined, added };
}

export function MeetingNotes({ meeting, canWrite, announce }: Props) {
  const { notes, error, more, added } = useNotes(meeting.id);
  // Notes about the meeting as a whole first, then each current student (the API lists only
  // notes about students the caller may see).
  const groups = [
    { key: "meeting", title: "The whole meeting", notes: (notes ?? []).filter((note) => note.student_id === null) },
    ...meeting.students.map((student) => ({
      key: `student-${student.id}`,
      title: student.name,
      notes: (notes ?? []).filter((note) => note.student_id === student.id),
    })),
  ].filter((group) => group.notes.length > 0);

  return (
    <section className="panel" aria-labelledby="notes-heading" aria-busy={notes === null}>
      <h2 id="notes-heading">Notes and decisions</h2>
      <ErrorMessage error={error} />
      {notes === null && !error && <p className="loading">Loading notes…</p>}
      {notes?.length === 0 && (
        <p className="empty">
          No notes yet.{canWrite ? " Add one below, about one student or the whole meeting." : ""}
        </p>
      )}
      {groups.map((group) => (
        <div key={group.key} className="note-group">
          <h3>{group.title}</h3>
          <ol className="notes">
            {group.notes.map((note) => (
              <NoteItem key={note.id} note={note} />
            ))}
          </ol>
        </div>
      ))}
      {more && (
        <button type="button" onClick={more}>
          Show more notes
        </button>
      )}
      {canWrite && (
        <AddNote
          meeting={meeting}
          onAdded={(note) => {
            added(note);
            announce("Note added.");
          }}
        />
      )}
    </section>
  );
}

function NoteItem({ note }: { note: Note }) {
  return (
    <li>
      <p className="note-body">{note.body}</p>
      {note.decision && (
        <p>
          <strong>Decision:</strong> {note.decision}
        </p>
      )}
      <p className="muted">
        {note.author?.name ?? "Unknown"}, <time dateTime={note.created_at}>{formatDateTime(note.created_at)}</time>
      </p>
    </li>
  );
}

function AddNote({ meeting, onAdded }: { meeting: Meeting; onAdded(note: Note): void }) {
  const [about, setAbout] = useState("");
  const [body, setBody] = useState("");
  const [decision, setDecision] = useState("");
  const add = async () => {
    const note = unwrap(
      await api.POST("/api/v1/meetings/{id}/notes", {
        params: { path: { id: meeting.id } },
        body: { student_id: about ? Number(about) : undefined, body, decision: decision || undefined },
      }),
    );
    setBody("");
    setDecision("");
    onAdded(note);
  };
  const { onSubmit, busy, error, fields } = useFormSubmit(add);
  return (
    <form className="add-note" onSubmit={onSubmit} noValidate>
      <h3>Add a note</h3>
      <ErrorMessage error={error} />
      <Field label="About" error={fields.student_id}>
        <select value={about} onChange={(event) => setAbout(event.target.value)}>
          <option value="">The whole meeting</option>
          {meeting.students.map((student) => (
            <option key={student.id} value={String(student.id)}>
              {student.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Note" error={fields.body}>
        <textarea rows={3} maxLength={10000} value={body} onChange={(event) => setBody(event.target.value)} />
      </Field>
      <Field label="Decision" hint="Optional, e.g. “Start a tier 2 reading plan”" error={fields.decision}>
        <input type="text" maxLength={500} value={decision} onChange={(event) => setDecision(event.target.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? "Adding…" : "Add note"}
      </button>
    </form>
  );
}
