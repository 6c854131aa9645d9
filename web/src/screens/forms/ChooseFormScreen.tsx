// "+ New → Form response": choose the form and the student, then fill it in on the form's own
// page (/forms/:id/respond?student=12). A student named in the address (?student=12) is chosen.
import { useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { StudentPicker } from "../../components/StudentPicker";
import { useLoaded } from "../../components/useLoaded";
import { usePageTitle } from "../../components/usePageTitle";
import { useStudentFromAddress } from "../../components/useStudentFromAddress";
import type { FormSummary } from "./formTypes";

// Districts keep a handful of forms; the API's largest page lists them all.
const allForms = 500;

function useOpenForms(): { forms: FormSummary[] | null; error: unknown } {
  const loaded = useLoaded(
    async () => unwrap(await api.GET("/api/v1/forms", { params: { query: { limit: allForms } } })).items,
    [],
  );
  return { forms: loaded.data, error: loaded.error };
}

export function ChooseFormScreen() {
  usePageTitle("New form response");
  const navigate = useNavigate();
  const { forms, error } = useOpenForms();
  const [formId, setFormId] = useState("");
  const [student, setStudent] = useStudentFromAddress("student");
  const [problems, setProblems] = useState<Record<string, string>>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!formId) found.form = "Choose a form.";
    if (!student?.id) found.student = "Choose the student the response is about.";
    setProblems(found);
    if (Object.keys(found).length === 0) navigate(`/forms/${formId}/respond?student=${student?.id}`);
  };

  return (
    <section className="panel form-screen">
      <h1>New form response</h1>
      <ErrorMessage error={error} />
      {forms && forms.length === 0 ? (
        <p className="empty">
          There are no forms to fill in yet. <Link to="/forms">Go to Forms</Link> to build one.
        </p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <Field label="Form" error={problems.form}>
            <select value={formId} onChange={(event) => setFormId(event.target.value)}>
              <option value="">{forms ? "Choose a form" : "Loading forms…"}</option>
              {(forms ?? []).map((form) => (
                <option key={form.id} value={String(form.id)}>
                  {form.name}
                </option>
              ))}
            </select>
          </Field>
          <StudentPicker label="Student" chosen={student} onChoose={setStudent} error={problems.student} />
          <div className="form-actions">
            <button type="submit" className="primary">
              Fill in the form
            </button>
            <Link to="/forms">Cancel</Link>
          </div>
        </form>
      )}
    </section>
  );
}
