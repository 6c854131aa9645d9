// One form response (/responses/:id): who it is about, who submitted it and when (in the
// district's time zone), the version answered, what it did to the student's case, and each
// question with its answer. Reading it lands in the student's access log (the API does that).
import { Link, useLocation, useParams } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { StatusNotice } from "../../components/StatusNotice";
import { useLoaded } from "../../components/useLoaded";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../time";
import { gradeLabel } from "../dashboard/labels";
import { AnswerText } from "./AnswerText";
import type { FormResponse } from "./formTypes";
import { CaseOutcome } from "./CaseOutcome";

export function ResponseScreen() {
  const responseId = Number(useParams().id);
  // The form just submitted leaves a sentence saying so.
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const loaded = useLoaded(
    async () => unwrap(await api.GET("/api/v1/form-responses/{id}", { params: { path: { id: responseId } } })),
    [responseId],
  );
  const response: FormResponse | null = loaded.data;
  const error = loaded.error;
  usePageTitle(response ? `${response.form?.name}: ${response.student?.name}` : "Form response");

  if (error) return <ErrorMessage error={error} />;
  if (!response) return <p className="loading">Loading the response…</p>;
  return (
    <article className="form-response">
      <p className="breadcrumb">
        <Link to={`/forms/${response.form?.id}/responses`}>Responses: {response.form?.name}</Link>
      </p>
      <h1>
        {response.form?.name}: <Link to={`/students/${response.student?.id}`}>{response.student?.name}</Link>
      </h1>
      <StatusNotice notice={notice} />
      <ResponseFacts response={response} />
      <CaseOutcome response={response} />
      <section className="panel" aria-labelledby="answers-heading">
        <h2 id="answers-heading">Answers</h2>
        <dl className="answers">
          {(response.fields ?? []).map((field) => (
            <div key={field.key}>
              <dt>{field.label}</dt>
              <dd>
                <AnswerText field={field} />
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </article>
  );
}

function ResponseFacts({ response }: { response: FormResponse }) {
  const version = response.form_version;
  return (
    <dl className="case-header">
      <div>
        <dt>Grade</dt>
        <dd>{gradeLabel(response.student?.grade)}</dd>
      </div>
      <div>
        <dt>Submitted by</dt>
        <dd>{response.submitted_by?.name ?? "Unknown"}</dd>
      </div>
      <div>
        <dt>Submitted</dt>
        <dd>
          <time dateTime={response.submitted_at}>{formatDateTime(response.submitted_at)}</time>
        </dd>
      </div>
      <div>
        <dt>Form version</dt>
        <dd>
          {version?.number}
          {version?.retired_at ? ` (replaced ${formatDateTime(version.retired_at)})` : ""}
        </dd>
      </div>
    </dl>
  );
}
