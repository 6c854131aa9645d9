import { Link } from "react-router-dom";

// The empty state of both views: what to do next.
export function NoMeetings() {
  return (
    <p className="empty">
      No meetings here. Schedule one with <Link to="/meetings/new">New meeting</Link> (also under + New → Meeting): give
      it a title and a time, and choose the students to discuss. Other filters or another week may show more.
    </p>
  );
}
