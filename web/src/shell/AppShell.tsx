// The frame of every signed-in screen: skip link, top bar (quick "+" menu, Tools, MTSS,
// Admin, student search, the notifications bell, the user and sign-out) and the screen itself.
import { Suspense } from "react";
import { Link, Outlet, useNavigate } from "react-router-dom";
import type { PolicyAction } from "../api/client";
import { can } from "../access";
import { useSession } from "../session";
import { NavMenu, type MenuItem } from "./NavMenu";
import { NotificationBell } from "./NotificationBell";
import { StudentSearch } from "./StudentSearch";
import { UnreadNotificationsProvider } from "./UnreadNotifications";

const quickAdd: MenuItem[] = [
  { to: "/forms/respond", label: "Form response" },
  { to: "/plans/new", label: "Plan" },
  { to: "/tasks/new", label: "Task" },
  { to: "/meetings/new", label: "Meeting" },
];
const tools: MenuItem[] = [
  { to: "/forms", label: "Forms" },
  { to: "/meetings", label: "Student Meetings" },
];
const mtss: MenuItem[] = [
  { to: "/plans", label: "Plans" },
  { to: "/groups", label: "Intervention Groups" },
];
// Each Admin item shows when the user's roles allow its action somewhere.
const admin: (MenuItem & { action: PolicyAction })[] = [
  { to: "/admin/case-management", label: "Case Management Dictionary", action: "dictionary.manage" },
  { to: "/admin/users", label: "Users and roles", action: "user.read" },
  { to: "/admin/audit", label: "Audit", action: "audit.read" },
  { to: "/admin/imports", label: "Roster import", action: "roster.import" },
  { to: "/admin/identity-providers", label: "Single sign-on", action: "sso.manage" },
  { to: "/admin/notifications", label: "Notification defaults", action: "notifications.defaults" },
];

export function AppShell() {
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const adminItems = admin.filter((item) => can(user, item.action));

  const onSignOut = async () => {
    await signOut();
    navigate("/sign-in", { replace: true });
  };

  return (
    <UnreadNotificationsProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link to="/cases" className="brand">
          Trellis
        </Link>
        <nav aria-label="Main" className="main-nav">
          <NavMenu label="+" accessibleName="New" items={quickAdd} className="quick-add" />
          <Link to="/cases" className="nav-link">
            Cases
          </Link>
          <Link to="/tasks" className="nav-link">
            My tasks
          </Link>
          <NavMenu label="Tools" accessibleName="Tools" items={tools} />
          <NavMenu label="MTSS" accessibleName="MTSS" items={mtss} />
          {adminItems.length > 0 && <NavMenu label="Admin" accessibleName="Admin" items={adminItems} />}
        </nav>
        <StudentSearch />
        <div className="user-box">
          <NotificationBell />
          <span className="user-name">{user?.name}</span>
          <button type="button" className="link-button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </UnreadNotificationsProvider>
  );
}
