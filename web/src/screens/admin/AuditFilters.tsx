// The audit log's filters: what kind of record, which days (the district's), and the staff
// member or student the address names. Applying writes them to the address.
import { useState } from "react";
import type { FormEvent } from "react";
import { Field } from "../../components/Field";

export interface AuditFilterValues {
  entity: string;
  from: string;
  to: string;
  userId: string;
  studentId: string;
}

export function readAuditFilters(params: URLSearchParams): AuditFilterValues {
  return {
    entity: params.get("entity") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    userId: params.get("user_id") ?? "",
    studentId: params.get("student_id") ?? "",
  };
}

// Records the audit log names (a hint for the filter; any text is accepted).
const knownEntities = [
  "case",
  "case_status",
  "close_reason",
  "focus_area",
  "dictionary_version",
  "user",
  "session",
  "api_token",
  "task",
  "task_note",
  "meeting",
  "file",
  "form",
  "form_response",
  "plan",
  "plan_review",
  "progress_point",
  "intervention_group",
  "import_run",
  "district",
];

interface Props {
  filters: AuditFilterValues;
  errors: Record<string, string>;
  userName: string;
  onApply(filters: Record<string, string>): void;
}

export function AuditFilters({ filters, errors, userName, onApply }: Props) {
  const [entity, setEntity] = useState(filters.entity);
  const [from, setFrom] = useState(filters.from);
  const [to, setTo] = useState(filters.to);
  const who = { user_id: filters.userId, student_id: filters.studentId };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ entity: entity.trim(), from, to, ...who });
  };
  const clear = () => {
    setEntity("");
    setFrom("");
    setTo("");
    onApply({});
  };

  return (
    <form className="filters" role="search" aria-label="Audit log" onSubmit={onSubmit}>
      <Field label="Record" hint="Such as case, user or focus_area" error={errors.entity}>
        <input type="text" list="audit-entities" value={entity} onChange={(event) => setEntity(event.target.value)} />
      </Field>
      <datalist id="audit-entities">
        {knownEntities.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <Field label="First day" error={errors.from}>
        <input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
      </Field>
      <Field label="Last day" hint="Included" error={errors.to}>
        <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
      </Field>
      <button type="submit" className="filters-submit">
        Apply filters
      </button>
      <button type="button" className="filters-submit" onClick={clear}>
        Clear filters
      </button>
      {(filters.userId || filters.studentId) && (
        <p className="filter-scope">
          {filters.userId && <>Only changes by {userName}. </>}
          {filters.studentId && <>Only changes about student {filters.studentId}. </>}
          <button type="button" className="link-button" onClick={() => onApply({ entity, from, to })}>
            Show everyone&apos;s changes
          </button>
        </p>
      )}
    </form>
  );
}
