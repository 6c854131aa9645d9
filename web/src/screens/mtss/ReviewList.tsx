// The plan's reviews, oldest first: date, decision, tier change, what the progress was at
// the time (the API's summary) and the notes.
import type { PlanReview } from "../../api/client";
import { useSession } from "../../session";
import { formatCalendarDate } from "../../time";
import { formatScore } from "../../components/formatScore";
import { decisionLabel } from "./labels";

export function ReviewList({ reviews }: { reviews: PlanReview[] }) {
  const { user } = useSession();
  if (reviews.length === 0) {
    return <p className="empty">No reviews yet. Record one below when the team meets about this plan.</p>;
  }
  return (
    <div className="table-scroll" role="region" aria-label="Reviews list" tabIndex={0}>
      <table className="reviews-table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Decision</th>
            <th scope="col">Tier</th>
            <th scope="col">Progress then</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
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
