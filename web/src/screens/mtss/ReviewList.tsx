// The plan's reviews, oldest first: date, decision, tier change, what the progress was at
// the time (the API's summary) and the notes.
import type { PlanReview } from "../../api/client";
import { useSession } from "../../session";
import { formatCalendarDate } from "../../time";
import { formatScore } from "../../components/formatScore";
import { decisionLabel } from "./labels";
import { ScrollTable } from "../../components/ScrollTable";

export function ReviewList({ reviews }: { reviews: PlanReview[] }) {
  const { user } = useSession();
  if (reviews.length === 0) {
    return <p className="empty">No reviews yet. Record one below when the team meets about this plan.</p>;
  }
  return (
    <ScrollTable label="Reviews list" columns={["Date", "Decision", "Tier", "Progress then", "Notes"]}>
      {reviews.map((review) => (
        <tr key={review.id}>
          <th scope="row">
            {formatCalendarDate(review.date)}
            {/* The API names the reviewer by id only: the user's own reviews say so. */}
            {review.reviewer_id === user?.id && <span className="muted"> (you)</span>}
          </th>
          <td>
            {decisionLabel(review.decision)}
            {review.archived && <span className="badge badge-warn">plan archived</span>}
          </td>
          <td>
            {review.tier_before === review.tier_after
              ? `Tier ${review.tier_after}`
              : `Tier ${review.tier_before} → ${review.tier_after}`}
          </td>
          <td>
            <ProgressThen summary={review.progress_summary} />
          </td>
          <td>{review.notes || <span className="muted">None</span>}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

function ProgressThen({ summary }: { summary: PlanReview["progress_summary"] }) {
  if (!summary) return null;
  const latest = summary.latest;
  return (
    <span>
      {summary.points ?? 0} points
      {latest ? `, latest ${formatScore(latest.score)} on ${formatCalendarDate(latest.date)}` : ""}
      {summary.rate_of_improvement_per_week != null
        ? `, ${formatScore(summary.rate_of_improvement_per_week)} per week`
        : ""}
    </span>
  );
}
