// Events on a student's timeline, newest first: when (in the district's zone), what, and who.
// The case page shows its slice, the student profile the whole timeline.
import type { TimelineEvent } from "../api/client";
import { formatDateTime } from "../time";

export function TimelineList({ events }: { events: TimelineEvent[] }) {
  return (
    <ol className="timeline">
      {events.map((event) => (
        <li key={event.id}>
          <time dateTime={event.at}>{formatDateTime(event.at)}</time>
          <span>{event.summary}</span>
          {event.actor?.name && <span className="muted">{event.actor.name}</span>}
        </li>
      ))}
    </ol>
  );
}
