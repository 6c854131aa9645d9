// The user's notifications, newest first: who did what (assigned a task, made them a case's
// manager, invited them to a meeting, moved or cancelled one), the title as a link to it, and
// when. Unread ones say so in words. Opening one marks it read; "Mark all read" marks the rest.
// "Unread only" lives in the address; keyset-paged like the other lists. The bell in the top
// bar is told after each change. How you hear of things (NotificationSettingsScreen) is linked
// from the heading.
import { useState } from "react";
import { Link } from "react-router-dom";
import { api, unwrap, type Notification } from "../../api/client";
import { CheckField } from "../../components/CheckField";
import { ErrorMessage } from "../../components/ErrorMessage";
import { PagedList } from "../../components/PagedList";
import { ScreenHeading } from "../../components/ScreenHeading";
import { StatusNotice } from "../../components/StatusNotice";
import { useAddressFilters } from "../../components/useAddressFilters";
import { usePagedList } from "../../components/usePagedList";
import { usePageTitle } from "../../components/usePageTitle";
import { useSubmit } from "../../components/useSubmit";
import { useUnreadNotifications } from "../../shell/UnreadNotifications";
import { formatDateTime } from "../../time";

const pageSize = 25;

// What happened, with who did it when the API names them (null: Trellis itself did it). Keyed
// by any string, so that a kind the API adds before this list knows it says "Something changed".
const sentences: Partial<Record<string, [(by: string) => string, string]>> = {
  task_assigned: [(by) => `${by} assigned you a task`, "You were assigned a task"],
  case_assigned: [(by) => `${by} made you the manager of a case`, "You were made the manager of a case"],
  meeting_invited: [(by) => `${by} invited you to a meeting`, "You were invited to a meeting"],
  meeting_rescheduled: [(by) => `${by} moved a meeting`, "A meeting was moved"],
  meeting_cancelled: [(by) => `${by} cancelled a meeting`, "A meeting was cancelled"],
  import_finished: [() => "The roster import you started finished", "The roster import you started finished"],
  import_failed: [() => "The roster import you started failed", "The roster import you started failed"],
  tasks_due: [() => "Your tasks this morning", "Your tasks this morning"],
  review_due: [() => "A plan you own is to be reviewed soon", "A plan you own is to be reviewed soon"],
};

function notificationSentence(notification: Notification): string {
  const sentence = sentences[notification.kind];
  if (!sentence) return "Something changed";
  const [withWho, withoutWho] = sentence;
  return notification.by ? withWho(notification.by) : withoutWho;
}

export function NotificationsScreen() {
  usePageTitle("Notifications");
  const { filters, change } = useAddressFilters({ unread: "" });
  const unreadOnly = filters.unread === "true";
  const [notice, setNotice] = useState<string | null>(null);
  const bell = useUnreadNotifications();
  const list = usePagedList(JSON.stringify({ unreadOnly }), async (cursor) =>
    unwrap(
      await api.GET("/api/v1/notifications", {
        params: { query: { limit: pageSize, cursor, unread: unreadOnly || undefined } },
      }),
    ),
  );

  const markingAll = useSubmit(async () => {
    const { marked } = unwrap(await api.POST("/api/v1/notifications/read-all", {}));
    setNotice(
      marked === 0
        ? "Nothing was unread."
        : `Marked ${marked === 1 ? "1 notification" : `${marked} notifications`} read.`,
    );
    list.reload();
    bell.refresh();
  });

  // Opening one marks it read; the page it opens (or this list, if it opened elsewhere) shows
  // the change once the server has it.
  const markRead = (notification: Notification) => {
    if (notification.read) return;
    api
      .POST("/api/v1/notifications/{id}/read", { params: { path: { id: notification.id } } })
      .then(unwrap)
      .catch(() => {})
      .finally(() => {
        list.reload();
        bell.refresh();
      });
  };

  return (
    <div className="notifications">
      <ScreenHeading title="Notifications">
        <div className="heading-actions">
          <Link to="/notifications/settings">How you hear of things</Link>
          <button type="button" disabled={markingAll.busy} onClick={() => void markingAll.run()}>
            Mark all read
          </button>
        </div>
      </ScreenHeading>
      <StatusNotice notice={notice} />
      <ErrorMessage error={markingAll.error} />
      <form
        className="filters"
        role="search"
        aria-label="Filter notifications"
        onSubmit={(event) => event.preventDefault()}
      >
        <CheckField
          label="Unread only"
          checked={unreadOnly}
          onChange={(checked) => change("unread", checked ? "true" : "")}
        />
      </form>
      {bell.count !== null && <p className="muted">{bell.count === 0 ? "All read." : `${bell.count} unread.`}</p>}
      <ErrorMessage error={list.error} />
      <PagedList
        what="notifications"
        paged={list}
        empty={
          unreadOnly ? (
            "Nothing unread. Clear Unread only to see the ones you have read."
          ) : (
            <>
              No notifications yet. One appears here when someone assigns you a task, makes you the manager of a case,
              or invites you to a meeting, moves it or cancels it. Your tasks are under{" "}
              <Link to="/tasks">My tasks</Link>.
            </>
          )
        }
      >
        {(notifications) => <NotificationList notifications={notifications} onOpen={markRead} />}
      </PagedList>
    </div>
  );
}

function NotificationList({
  notifications,
  onOpen,
}: {
  notifications: Notification[];
  onOpen(notification: Notification): void;
}) {
  return (
    <ol className="notification-list">
      {notifications.map((notification) => (
        <li key={notification.id} className={notification.read ? undefined : "unread"}>
          <p className="notification-what">
            {!notification.read && <span className="badge badge-open">Unread</span>}{" "}
            {notificationSentence(notification)}: <NotificationLink notification={notification} onOpen={onOpen} />
          </p>
          <time dateTime={notification.created_at}>{formatDateTime(notification.created_at)}</time>
        </li>
      ))}
    </ol>
  );
}

// The link is a path in Trellis (the API says so); anything else shows as words only.
function NotificationLink({
  notification,
  onOpen,
}: {
  notification: Notification;
  onOpen(notification: Notification): void;
}) {
  const { link, title } = notification;
  if (!link.startsWith("/") || link.startsWith("//")) return <strong>{title}</strong>;
  return (
    <Link
      to={link}
      onClick={() => onOpen(notification)}
      // A middle click opens it in a new tab: read too.
      onAuxClick={(event) => event.button === 1 && onOpen(notification)}
    >
      {title}
    </Link>
  );
}
