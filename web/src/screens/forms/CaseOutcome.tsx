// What a response did to the student's case. The response names the case its form_submitted
// event opened or joined; whether it opened it is read from the case's "why is this case open"
// (the event that opened it is this response's), since the response itself does not say.
import { Link } from "react-router-dom";
import { api, unwrap, type CasePage } from "../../api/client";
import { useLoaded } from "../../components/useLoaded";
import type { FormResponse } from "./formTypes";

function openedByThis(found: CasePage, response: FormResponse): boolean {
  const event = found.why?.event;
  return event?.entity === "form_response" && event.entity_id === response.id;
}

export function CaseOutcome({ response }: { response: FormResponse }) {
  const caseId = response.case_id;
  // Without the case (none, or not readable) the sentence says only that there is one.
  const found: CasePage | null = useLoaded(
    async () => (caseId ? unwrap(await api.GET("/api/v1/cases/{id}", { params: { path: { id: caseId } } })) : null),
    [caseId],
  ).data;

  const student = response.student?.name ?? "the student";
  let sentence =
    "No case: the student had no open case to join, and this form opens none (it has no openCase tag) or case management did not count form responses when it was submitted.";
  if (caseId) {
    sentence = `This response is part of the case of ${student}.`;
    if (found) {
      sentence = openedByThis(found, response)
        ? `This response opened a case for ${student}.`
        : `This response joined the case of ${student}, which was already open.`;
    }
  }
  return (
    <section className="panel" aria-labelledby="case-outcome-heading">
      <h2 id="case-outcome-heading">Case</h2>
      <p>{sentence}</p>
      {caseId && (
        <p>
          <Link to={`/cases/${caseId}`}>Go to the case</Link>
        </p>
      )}
    </section>
  );
}
