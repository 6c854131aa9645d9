// "+ Task": assign a task for one student. Assigning it is a task_assigned event, which opens
// the student's case when the district counts it; the server decides, and the case page
// shows the result. The assignee is the user or a colleague from the staff directory (those of
// the user's schools; everyone for district administrators).
import { useState } from "react";
import type { FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { api, fieldErrors, invalidField, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { FormActions } from "../../components/FormActions";
import { StaffSelect } from "../../components/StaffSelect";
import { StudentPicker } from "../../components/StudentPicker";
import { useStudentFromAddress } from "../../components/useStudentFromAddress";
import { usePageTitle } from "../../components/usePageTitle";
import { useSession } from "../../session";

export function NewTaskScreen() {
  usePageTitle("New task");
  const { user } = useSession();
  const navigate = useNavigate();
  const [student, setStudent] = useStudentFromAddress("student_id");
  const [assignee, setAssignee] = useState(String(user?.id ?? ""));
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrors(error);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!student?.id) {
      setError(invalidField("student_id", "Choose a student."));
      return;
    }
    setBusy(true);
    try {
      const body = {
        student_id: student.id,
        assignee_id: Number(assignee),
        title,
        description: description || undefined,
        due_date: dueDate || undefined,
      };
      const task = unwrap(await api.POST("/api/v1/tasks", { body }));
      navigate(task.case_id ? `/cases/${task.case_id}` : "/cases", {
        state: { notice: `Task “${task.title}” assigned.` },
      });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel form-screen">
      <h1>New task</h1>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={error} />
        <StudentPicker label="Student" chosen={student} onChoose={setStudent} error={fields.student_id} />
        <StaffSelect label="Assign to" value={assignee} onChange={setAssignee} error={fields.assignee_id} />
        <Field label="Title" error={fields.title}>
          <input type="text" maxLength={200} value={title} onChange={(event) => setTitle(event.target.value)} />
        </Field>
        <Field label="Description" hint="Optional" error={fields.description}>
          <textarea rows={3} value={description} onChange={(event) => setDescription(event.target.value)} />
        </Field>
        <Field label="Due date" hint="Optional" error={fields.due_date}>
          <input type="date" value={dueDate} onChange={(event) => setDueDate(event.target.value)} />
        </Field>
        <FormActions busy={busy} label="Assign task" busyLabel="Assigning…" cancelTo="/cases" />
      </form>
    </section>
  );
}
