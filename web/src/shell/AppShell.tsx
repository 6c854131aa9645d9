// The frame of every signed-in screen: skip link, top bar (quick "+" menu, Tools, MTSS,
// Admin, student search, the user and sign-out) and the screen itself.
import { Suspense } from "react";
import { Link, Outlet, useNavigate } from "react-router-dom";
import { hasRole, useSession } from "../session";
import { NavMenu, type MenuItem } from "./NavMenu";
import { StudentSearch } from "./StudentSearch";

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
const admin: MenuItem[] = [
  { to: "/admin/case-management", label: "Case Management Dictionary" },
  { to: "/admin/users", label: "Users and roles" },
  { to: "/admin/audit", label: "Audit" },
];
// The roster is the district's: only district administrators import it.
const districtAdmin: MenuItem[] = [{ to: "/admin/imports", label: "Roster import" }];

export function AppShell() {
  const { user, signOut } = useSession();
  const navigate = useNavigate();
  const isAdmin = hasRole(user, "district_admin", "school_admin");

  const onSignOut = async () => {
    await signOut();
    navigate("/sign-in", { replace: true });
  };

  return (
    <>
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
          {isAdmin && (
            <NavMenu
              label="Admin"
              accessibleName="Admin"
              items={hasRole(user, "district_admin") ? [...admin, ...districtAdmin] : admin}
            />
          )}
        </nav>
        <StudentSearch />
        <div className="user-box">
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
    </>
  );
}
