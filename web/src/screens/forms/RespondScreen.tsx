// Filling in a form about one student (/forms/:id/respond?student=12). Answers are checked in
// the browser first (required questions, numbers, dates, lengths) and the messages show next
// to their questions; the API checks again and its messages show in the same places. A
// response is a form_submitted event: the response page then says whether it opened or joined
// the student's case.
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError, api, fieldErrors, unwrap, type StudentEntry } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { FormActions } from "../../components/FormActions";
import { StudentPicker } from "../../components/StudentPicker";
import { usePageTitle } from "../../components/usePageTitle";
import { useStudentFromAddress } from "../../components/useStudentFromAddress";
import { AnswerInput } from "./AnswerInput";
import {
  answerPath,
  answerProblem,
  answersJson,
  carryOver,
  checkAnswers,
  emptyAnswers,
  type AnswerDraft,
  type AnswerDrafts,
} from "./answers";
import type { Form, FormField } from "./formTypes";
import { useForm } from "./useForm";

export function RespondScreen() {
  const formId = Number(useParams().id);
  const { form, error, reload } = useForm(formId);
  usePageTitle(form ? `Fill in: ${form.name}` : "Fill in a form");
  if (error) return <ErrorMessage error={error} />;
  if (!form) return <p className="loading">Loading the form…</p>;
  if (form.archived) {
    return (
      <section className="panel form-screen">
        <h1>{form.name}</h1>
        <p>
          This form is archived and takes no new responses. <Link to="/forms">Choose another form</Link>
        </p>
      </section>
    );
  }
  return <ResponseForm form={form} onReplaced={reload} />;
}

const replaced =
  "The form was changed while you filled it in. Your answers are kept where the questions still take them: check them against the current questions and submit again.";

// `onReplaced` loads the form's current version when the one being answered was replaced.
function ResponseForm({ form, onReplaced }: { form: Form; onReplaced(): void }) {
  const fields = form.fields ?? [];
  const navigate = useNavigate();
  const [student, setStudent] = useStudentFromAddress("student");
  const [answers, setAnswers] = useState<AnswerDrafts>(() => emptyAnswers(fields));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [refusals, setRefusals] = useState(0);
  const formElement = useRef<HTMLFormElement>(null);

  // A new version keeps the answers that still fit it.
  useEffect(() => setAnswers((previous) => carryOver(fields, previous)), [form.version?.id]);

  // After a refused attempt, focus goes to the first question that needs attention.
  useEffect(() => {
    const invalid = ["input", "textarea", "select"].map((tag) => tag + '[aria-invalid="true"]').join(", ");
    if (refusals) formElement.current?.querySelector<HTMLElement>(invalid)?.focus();
  }, [refusals]);

  const refuse = (found: Record<string, string>, why: unknown) => {
    setProblems(found);
    setFailure(why);
    setRefusals((count) => count + 1);
  };
  const recheck = (field: FormField, answer: AnswerDraft, always: boolean) => {
    const path = answerPath(field);
    if (!always && !problems[path]) return;
    const problem = answerProblem(field, answer);
    setProblems(problem ? { ...problems, [path]: problem } : without(problems, path));
  };
  const onAnswer = (field: FormField, answer: AnswerDraft) => {
    setAnswers((all) => ({ ...all, [field.key]: answer }));
    recheck(field, answer, false);
  };
  const onChooseStudent = (chosen: StudentEntry | null) => {
    setStudent(chosen);
    if (chosen) setProblems((all) => without(all, "student_id"));
  };

  const send = async () => {
    setBusy(true);
    try {
      const body = {
        student_id: student?.id ?? 0,
        form_version_id: form.version?.id,
        answers: answersJson(fields, answers),
      };
      const response = unwrap(
        await api.POST("/api/v1/forms/{id}/responses", { params: { path: { id: form.id ?? 0 } }, body }),
      );
      navigate(`/responses/${response.id}`, { state: { notice: "Response recorded." } });
    } catch (thrown) {
      const retired = thrown instanceof ApiError && thrown.code === "form_version_retired";
      if (retired) onReplaced();
      refuse(fieldErrors(thrown), retired ? new Error(replaced) : thrown);
      setBusy(false);
    }
  };
  // The browser's check first: nothing is sent while an answer needs attention.
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = checkAnswers(fields, answers);
    if (!student?.id) found.student_id = "Choose the student this response is about.";
    const count = Object.keys(found).length;
    if (count === 0) void send();
    else
      refuse(
        found,
        new Error(
          `${count === 1 ? "One answer needs" : `${count} answers need`} attention: see the messages next to them.`,
        ),
      );
  };

  return (
    <section className="form-screen respond">
      <p className="breadcrumb">
        <Link to="/forms">Forms</Link>
      </p>
      <h1>{form.name}</h1>
      {form.description && <p>{form.description}</p>}
      <form ref={formElement} onSubmit={onSubmit} noValidate className="panel">
        <ErrorMessage error={failure} />
        <StudentPicker
          label="Student (required)"
          chosen={student}
          onChoose={onChooseStudent}
          error={problems.student_id}
        />
        {fields.map((field) => (
          <AnswerInput
            key={field.key}
            field={field}
            answer={answers[field.key] ?? null}
            error={problems[answerPath(field)]}
            onChange={(answer) => onAnswer(field, answer)}
            onBlur={() => recheck(field, answers[field.key] ?? null, isFilled(answers[field.key]))}
          />
        ))}
        <FormActions label="Submit response" busyLabel="Submitting…" busy={busy} cancelTo="/forms" />
      </form>
    </section>
  );
}

// A question left after typing into it is checked at once; one passed over untouched waits
// for the attempt to submit, so tabbing through the form does not fill it with messages.
function isFilled(answer: AnswerDraft | undefined): boolean {
  return typeof answer === "string" ? answer.trim() !== "" : false;
}

function without(problems: Record<string, string>, path: string): Record<string, string> {
  const rest = { ...problems };
  delete rest[path];
  return rest;
}
