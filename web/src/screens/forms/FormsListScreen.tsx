// Tools > Forms: every form by name, with links to fill it in and to read its responses, and,
// for those who build forms, to edit it or build a new one. Archived forms (which take no new
// responses) are listed on request.
import { useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import { CheckField } from "../../components/CheckField";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PagedList } from "../../components/PagedList";
import { ScrollTable } from "../../components/ScrollTable";
import { StatusNotice } from "../../components/StatusNotice";
import { usePageTitle } from "../../components/usePageTitle";
import { useSession } from "../../session";
import { formatDateTime } from "../../time";
import { canBuildForms } from "./canBuildForms";
import { opensCases, type FormSummary } from "./formTypes";
import { usePagedList } from "../../components/usePagedList";
import { ScreenHeading } from "../../components/ScreenHeading";

const pageSize = 50;

export function FormsListScreen() {
  usePageTitle("Forms");
  const { user } = useSession();
  const canBuild = canBuildForms(user);
  // The builder leaves a sentence saying what it saved.
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const [archived, setArchived] = useState(false);
  const paged = usePagedList(String(archived), async (cursor) =>
    unwrap(await api.GET("/api/v1/forms", { params: { query: { archived, limit: pageSize, cursor } } })),
  );

  return (
    <div className="forms-list">
      <ScreenHeading title="Forms">
        {canBuild && (
          <Link className="button" to="/forms/new">
            New form
          </Link>
        )}
      </ScreenHeading>
      <StatusNotice notice={notice} />
      <CheckField label="Show archived forms" checked={archived} onChange={setArchived} />
      <ErrorMessage error={paged.error} />
      <PagedList
        what="forms"
        paged={paged}
        empty={
          canBuild
            ? "No forms yet. Build one with “New form”; a referral form tagged openCase lets staff open cases by referring a student."
            : "No forms yet. Ask a counselor or an administrator to build one."
        }
      >
        {(forms) => <FormTable forms={forms} />}
      </PagedList>
    </div>
  );
}

function FormTable({ forms }: { forms: FormSummary[] }) {
  return (
    <ScrollTable label="Forms" columns={["Form", "Cases", "Version", "Last changed", "Actions"]}>
      {forms.map((form) => (
        <FormRow key={form.id} form={form} />
      ))}
    </ScrollTable>
  );
}

function FormRow({ form }: { form: FormSummary }) {
  // The form's name in each link's accessible name tells the rows' links apart.
  const named = <span className="visually-hidden"> {form.name}</span>;
  return (
    <tr>
      <th scope="row">
        {form.name}
        {form.archived && <span className="badge"> Archived</span>}
        {form.description && <p className="form-description">{form.description}</p>}
      </th>
      <td>
        {opensCases(form) ? <span className="badge badge-open">Opens a case</span> : <span className="muted">No</span>}
      </td>
      <td>{form.current_version}</td>
      <td>{formatDateTime(form.updated_at)}</td>
      <td>
        <ul className="row-actions">
          {!form.archived && (
            <li>
              <Link to={`/forms/${form.id}/respond`}>Fill in{named}</Link>
            </li>
          )}
          <li>
            <Link to={`/forms/${form.id}/responses`}>Responses{named}</Link>
          </li>
          {canBuildForms(form) && (
            <li>
              <Link to={`/forms/${form.id}/edit`}>Edit{named}</Link>
            </li>
          )}
        </ul>
      </td>
    </tr>
  );
}
