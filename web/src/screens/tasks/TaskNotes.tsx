// A task's notes thread, oldest first, and a form to add one (a task_note_added event on the
// student's timeline), for those the task's allowed_actions let work it (task.complete). The
// API's message for the note shows next to the box.
import { useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, invalidField, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useLoaded } from "../../components/useLoaded";
import { useSubmit } from "../../components/useSubmit";
import { formatDateTime } from "../../time";

export function TaskNotes({ taskId, mayAdd, onAdded }: { taskId: number; mayAdd: boolean; onAdded(): void }) {
  // The API documents no paging for notes: the thread comes whole.
  const notes = useLoaded(
    async () => unwrap(await api.GET("/api/v1/tasks/{id}/notes", { params: { path: { id: taskId } } })).items ?? [],
    [taskId],
  );
  return (
    <section className="panel" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Notes</h2>
      <ErrorMessage error={notes.error} />
      {notes.data?.length === 0 && (
        <p className="empty">{mayAdd ? "No notes yet. Add the first below." : "No notes yet."}</p>
      )}
      {notes.data && notes.data.length > 0 && (
        <ol className="notes">
          {notes.data.map((note) => (
            <li key={note.id}>
              <p className="note-meta">
                <strong>{note.author?.name ?? "Unknown"}</strong>,{" "}
                <time dateTime={note.created_at}>{formatDateTime(note.created_at)}</time>
              </p>
              <p className="note-body">{note.body}</p>
            </li>
          ))}
        </ol>
      )}
      {mayAdd && (
        <AddNote
          taskId={taskId}
          onAdded={() => {
            notes.reload();
            onAdded();
          }}
        />
      )}
    </section>
  );
}

function AddNote({ taskId, onAdded }: { taskId: number; onAdded(): void }) {
  const [body, setBody] = useState("");
  const { run, busy, error, setError } = useSubmit(async () => {
    unwrap(await api.POST("/api/v1/tasks/{id}/notes", { params: { path: { id: taskId } }, body: { body } }));
    setBody("");
    onAdded();
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setError(invalidField("body", "Write the note first."));
      return;
    }
    void run();
  };
  const fields = fieldErrors(error);
  return (
    <form className="add-note" onSubmit={onSubmit} noValidate>
      {!fields.body && <ErrorMessage error={error} />}
      <Field label="New note" error={fields.body}>
        <textarea rows={3} value={body} onChange={(event) => setBody(event.target.value)} />
      </Field>
      <button type="submit" disabled={busy}>
        {busy ? "Adding…" : "Add note"}
      </button>
    </form>
  );
}
