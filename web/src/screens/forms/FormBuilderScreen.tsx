// The form builder (/forms/new and /forms/:id/edit): name, description, tags (openCase makes
// responses a case trigger) and the questions, added, ordered, edited and removed here. Saving
// sends the whole form; when the questions differ the API makes a new version, and responses
// from then on answer it. The API's messages show next to what they concern.
import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError, api, fieldErrors, unwrap } from "../../api/client";
import { CheckField } from "../../components/CheckField";
import { ErrorMessage } from "../../components/ErrorMessage";
import { FormActions } from "../../components/FormActions";
import { Field } from "../../components/Field";
import { usePageTitle } from "../../components/usePageTitle";
import { useSubmit } from "../../components/useSubmit";
import { useSession } from "../../session";
import {
  draftFromForm,
  emptyDraft,
  errorsByQuestion,
  formInput,
  tagsOf,
  type FormDraft,
  type SetDraft,
} from "./builderModel";
import { canBuildForms } from "./canBuildForms";
import type { Form } from "./formTypes";
import { listError } from "./listErrors";
import { QuestionsEditor } from "./QuestionsEditor";

// The draft being edited, and the version of the form it started from (none for a new form).
function useFormDraft(formId: number | undefined) {
  const [draft, setDraft] = useState<FormDraft | null>(formId ? null : emptyDraft());
  const [version, setVersion] = useState<number | undefined>();
  const [loaded, setLoaded] = useState<Form | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    if (!formId) return;
    api
      .GET("/api/v1/forms/{id}", { params: { path: { id: formId } } })
      .then((result) => {
        const form = unwrap(result);
        setDraft(draftFromForm(form));
        setVersion(form.current_version);
        setLoaded(form);
      })
      .catch(setLoadError);
  }, [formId]);
  return { draft, setDraft, version, loaded, loadError };
}

async function sendForm(formId: number | undefined, draft: FormDraft): Promise<Form> {
  const body = formInput(draft);
  if (!formId) return unwrap(await api.POST("/api/v1/forms", { body }));
  const changes = { ...body, archived: draft.archived };
  return unwrap(await api.PATCH("/api/v1/forms/{id}", { params: { path: { id: formId } }, body: changes }));
}

// Saves the draft; a refusal's messages about questions are keyed by question (see
// errorsByQuestion).
async function saveForm(formId: number | undefined, draft: FormDraft): Promise<Form> {
  try {
    return await sendForm(formId, draft);
  } catch (failure) {
    if (!(failure instanceof ApiError)) throw failure;
    const fields = errorsByQuestion(failure.fields, draft.fields);
    throw new ApiError(failure.status, { error: { code: failure.code, message: failure.message, fields } });
  }
}

function savedSentence(form: Form, before: number | undefined): string {
  return before !== undefined && form.current_version !== before
    ? `Form “${form.name}” saved as version ${form.current_version}; new responses answer it.`
    : `Form “${form.name}” saved.`;
}

export function FormBuilderScreen() {
  const { id } = useParams();
  const formId = id ? Number(id) : undefined;
  const title = formId ? "Edit form" : "New form";
  usePageTitle(title);
  const { user } = useSession();
  const navigate = useNavigate();
  const { draft, setDraft, version, loaded, loadError } = useFormDraft(formId);
  const { run, busy, error } = useSubmit(async (saving: FormDraft) => {
    const saved = await saveForm(formId, saving);
    navigate("/forms", { state: { notice: savedSentence(saved, version) } });
  });

  if (loadError) return <ErrorMessage error={loadError} />;
  if (!draft) return <p className="loading">Loading the form…</p>;
  // A new form: the user's roles allow building one somewhere; a form: its allowed_actions.
  if (!canBuildForms(formId ? loaded : user)) {
    return (
      <section className="panel form-screen">
        <h1>{title}</h1>
        <p>
          {formId ? "You may not change this form." : "Administrators, counselors and interventionists build forms."}{" "}
          <Link to="/forms">Back to the forms</Link>
        </p>
      </section>
    );
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(draft);
  };
  return (
    <section className="form-builder">
      <p className="breadcrumb">
        <Link to="/forms">Forms</Link>
      </p>
      <h1>{title}</h1>
      <form onSubmit={onSubmit} noValidate>
        <ErrorMessage error={error} />
        <FormDetails draft={draft} setDraft={setDraft} errors={fieldErrors(error)} editing={Boolean(formId)} />
        <QuestionsEditor draft={draft} setDraft={setDraft} errors={fieldErrors(error)} />
        <FormActions label="Save form" busyLabel="Saving…" busy={busy} cancelTo="/forms" />
      </form>
    </section>
  );
}

function FormDetails({
  draft,
  setDraft,
  errors,
  editing,
}: {
  draft: FormDraft;
  setDraft: SetDraft;
  errors: Record<string, string>;
  editing: boolean;
}) {
  const change = (part: Partial<FormDraft>) => setDraft((current) => current && { ...current, ...part });
  return (
    <div className="panel form-screen">
      <Field label="Name" error={errors.name}>
        <input
          type="text"
          maxLength={200}
          value={draft.name}
          onChange={(event) => change({ name: event.target.value })}
        />
      </Field>
      <Field label="Description" hint="Optional: who fills it in, and when" error={errors.description}>
        <textarea
          rows={2}
          maxLength={2000}
          value={draft.description}
          onChange={(event) => change({ description: event.target.value })}
        />
      </Field>
      <CheckField
        label="Responses open a case (tag openCase)"
        hint="A response opens the student's case, or joins the one already open, only while the Case Management Dictionary's “Form submitted” trigger is on. Earlier responses never open cases."
        checked={draft.openCase}
        onChange={(openCase) => change({ openCase })}
      />
      <Field
        label="Other tags"
        hint="Optional: words of letters, digits, - and _, separated by commas"
        error={listError(errors, "tags", tagsOf(draft))}
      >
        <input type="text" value={draft.otherTags} onChange={(event) => change({ otherTags: event.target.value })} />
      </Field>
      {editing && (
        <CheckField
          label="Archived"
          hint="An archived form takes no new responses; its responses stay."
          checked={draft.archived}
          error={errors.archived}
          onChange={(archived) => change({ archived })}
        />
      )}
    </div>
  );
}
