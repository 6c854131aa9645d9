// Working a task from its page, as the task's allowed_actions say: complete it or reopen it
// once done (task.complete), move or clear its due date (task.edit). Each change reloads the
// task.
import { useState } from "react";
import type { FormEvent } from "react";
import { api, fieldErrors, unwrap, type Task } from "../../api/client";
import { can } from "../../access";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { useSubmit } from "../../components/useSubmit";
import { formatCalendarDate } from "../../time";
import { changeTaskStatus } from "./taskStatus";

interface Props {
  task: Task;
  onChanged(sentence: string): void;
}

export function TaskActions({ task, onChanged }: Props) {
  const completes = can(task, "task.complete");
  const edits = can(task, "task.edit");
  if (!completes && !edits) return null;
  return (
    <section className="panel" aria-labelledby="task-actions-heading">
      <h2 id="task-actions-heading">Work this task</h2>
      <div className="case-actions-row">
        {completes && <StatusButton task={task} onChanged={onChanged} />}
        {edits && <DueDateForm task={task} onChanged={onChanged} />}
      </div>
    </section>
  );
}

function StatusButton({ task, onChanged }: Props) {
  const completed = task.status === "completed";
  const { run, busy, error } = useSubmit(async () => {
    await changeTaskStatus(task.id ?? 0, completed ? "open" : "completed");
    onChanged(completed ? "Task reopened." : "Task done.");
  });
  return (
    <div className="task-status">
      <ErrorMessage error={error} />
      <button type="button" className={completed ? undefined : "primary"} disabled={busy} onClick={() => void run()}>
        {completed ? "Reopen task" : "Mark as done"}
      </button>
    </div>
  );
}

function DueDateForm({ task, onChanged }: Props) {
  const [dueDate, setDueDate] = useState(task.due_date ?? "");
  const { run, busy, error } = useSubmit(async () => {
    const changed = unwrap(
      await api.PATCH("/api/v1/tasks/{id}", {
        params: { path: { id: task.id ?? 0 } },
        body: { due_date: dueDate || null },
      }),
    );
    onChanged(changed.due_date ? `Due date moved to ${formatCalendarDate(changed.due_date)}.` : "Due date cleared.");
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  const fields = fieldErrors(error);
  return (
    <form className="inline-form" aria-label="Change the due date" onSubmit={onSubmit} noValidate>
      {!fields.due_date && <ErrorMessage error={error} />}
      <Field label="Due date" hint="Empty for none" error={fields.due_date}>
        <input type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
      </Field>
      <button type="submit" disabled={busy || dueDate === (task.due_date ?? "")}>
        {busy ? "Saving…" : "Change due date"}
      </button>
    </form>
  );
}
