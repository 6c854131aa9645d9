// One answer as read on the response page, by its question's type.
import { Link } from "react-router-dom";
import { api, unwrap } from "../../api/client";
import { useLoaded } from "../../components/useLoaded";
import { formatCalendarDate } from "../../time";
import type { AnsweredField } from "./formTypes";

export function AnswerText({ field }: { field: AnsweredField }) {
  const answer: unknown = field.answer;
  if (answer === null || answer === undefined || answer === "") return <span className="muted">No answer</span>;
  switch (field.type) {
    case "checkbox":
      return <>{answer === true ? "Yes" : "No"}</>;
    case "multiple_choice":
      return Array.isArray(answer) && answer.length ? (
        <>{answer.join(", ")}</>
      ) : (
        <span className="muted">None chosen</span>
      );
    case "date":
      return <>{formatCalendarDate(String(answer))}</>;
    case "student":
      return <StudentAnswer id={Number(answer)} />;
    case "long_text":
      return <span className="long-answer">{String(answer)}</span>;
    default:
      return <>{String(answer)}</>;
  }
}

// A student named in an answer: their name, linked to their profile, once the API says it.
function StudentAnswer({ id }: { id: number }) {
  // Until the API answers (or when it cannot), the id stands in for the name.
  const name = useLoaded(
    async () => unwrap(await api.GET("/api/v1/students/{id}", { params: { path: { id } } })).name ?? null,
    [id],
  ).data;
  return <Link to={`/students/${id}`}>{name ?? `Student ${id}`}</Link>;
}
