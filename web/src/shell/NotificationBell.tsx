// The bell in the top bar: a link to the user's notifications whose name says how many are
// unread ("Notifications, 3 unread"; "none unread"), with the count on a badge while there are
// any.
import { Link } from "react-router-dom";
import { useUnreadNotifications } from "./UnreadNotifications";

function notificationsLabel(count: number | null): string {
  if (count === null) return "Notifications";
  return count > 0 ? `Notifications, ${count} unread` : "Notifications, none unread";
}

export function NotificationBell() {
  const { count } = useUnreadNotifications();
  const label = notificationsLabel(count);
  return (
    <Link to="/notifications" className="bell" aria-label={label} title={label}>
      <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="22" height="22">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {count ? (
        <span className="bell-count" aria-hidden="true">
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </Link>
  );
}
