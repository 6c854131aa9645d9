// A form's responses, newest first, about the students the user may see (the API filters
// them), a page at a time; each leads to its response page.
import { Link, useParams } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PagedList } from "../../components/PagedList";
import { ScrollTable } from "../../components/ScrollTable";
import { usePageTitle } from "../../components/usePageTitle";
import { formatDateTime } from "../../time";
import { gradeLabel } from "../dashboard/labels";
import type { FormResponseSummary } from "./formTypes";
import { useForm } from "./useForm";
import { usePagedList } from "../../components/usePagedList";
import { ScreenHeading } from "../../components/ScreenHeading";

const pageSize = 25;

export function FormResponsesScreen() {
  const formId = Number(useParams().id);
  const { form, error: formError } = useForm(formId);
  usePageTitle(form ? `Responses: ${form.name}` : "Responses");
  const paged = usePagedList(String(formId), async (cursor) =>
    unwrap(
      await api.GET("/api/v1/forms/{id}/responses", {
        params: { path: { id: formId }, query: { limit: pageSize, cursor } },
      }),
    ),
  );

  return (
    <div className="form-responses">
      <p className="breadcrumb">
        <Link to="/forms">Forms</Link>
      </p>
      <ScreenHeading title={`Responses${form ? `: ${form.name}` : ""}`}>
        {form && !form.archived && (
          <Link className="button" to={`/forms/${formId}/respond`}>
            Fill in this form
          </Link>
        )}
      </ScreenHeading>
      <ErrorMessage error={formError ?? paged.error} />
      <PagedList
        what="responses"
        paged={paged}
        empty="No responses yet about students you may see. Use “Fill in this form” to record the first one."
      >
        {(responses) => <ResponseTable responses={responses} />}
      </PagedList>
    </div>
  );
}

function ResponseTable({ responses }: { responses: FormResponseSummary[] }) {
  return (
    <ScrollTable label="Responses" columns={["Student", "Grade", "Submitted", "By", "Version", "Case"]}>
      {responses.map((response) => (
        <tr key={response.id}>
          <th scope="row">
            <Link to={`/responses/${response.id}`}>{response.student?.name}</Link>
          </th>
          <td>{gradeLabel(response.student?.grade)}</td>
          <td>{formatDateTime(response.submitted_at)}</td>
          <td>{response.submitted_by?.name ?? "Unknown"}</td>
          <td>{response.form_version?.number}</td>
          <td>
            {response.case_id ? (
              <Link to={`/cases/${response.case_id}`}>
                Case<span className="visually-hidden"> of {response.student?.name}</span>
              </Link>
            ) : (
              <span className="muted">None</span>
            )}
          </td>
        </tr>
      ))}
    </ScrollTable>
  );
}
