// The screens and their addresses. Each screen lives in src/screens/<screen>/.
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from "react-router-dom";
import { SessionProvider, useSession } from "./session";
import { AppShell } from "./shell/AppShell";
import { SignInScreen } from "./screens/sign-in/SignInScreen";
import { NotFound } from "./components/NotFound";
import { lazyScreen } from "./lazyScreen";

// The screens behind the sign-in, each area its own chunk (lazyScreen).
const DashboardScreen = lazyScreen(() => import("./screens/dashboard/DashboardScreen"), "DashboardScreen");
const CaseScreen = lazyScreen(() => import("./screens/case/CaseScreen"), "CaseScreen");
const NewTaskScreen = lazyScreen(() => import("./screens/new-task/NewTaskScreen"), "NewTaskScreen");
const RosterImportScreen = lazyScreen(() => import("./screens/roster-import/RosterImportScreen"), "RosterImportScreen");
const ImportRunScreen = lazyScreen(() => import("./screens/roster-import/ImportRunScreen"), "ImportRunScreen");
const MeetingsScreen = lazyScreen(() => import("./screens/meetings/MeetingsScreen"), "MeetingsScreen");
const NewMeetingScreen = lazyScreen(() => import("./screens/meetings/NewMeetingScreen"), "NewMeetingScreen");
const MeetingScreen = lazyScreen(() => import("./screens/meetings/MeetingScreen"), "MeetingScreen");
const CaseManagementScreen = lazyScreen(() => import("./screens/admin/CaseManagementScreen"), "CaseManagementScreen");
const UsersScreen = lazyScreen(() => import("./screens/admin/UsersScreen"), "UsersScreen");
const AuditScreen = lazyScreen(() => import("./screens/admin/AuditScreen"), "AuditScreen");
const IdentityProvidersScreen = lazyScreen(
  () => import("./screens/admin/IdentityProvidersScreen"),
  "IdentityProvidersScreen",
);
const FormsListScreen = lazyScreen(() => import("./screens/forms/FormsListScreen"), "FormsListScreen");
const FormBuilderScreen = lazyScreen(() => import("./screens/forms/FormBuilderScreen"), "FormBuilderScreen");
const ChooseFormScreen = lazyScreen(() => import("./screens/forms/ChooseFormScreen"), "ChooseFormScreen");
const RespondScreen = lazyScreen(() => import("./screens/forms/RespondScreen"), "RespondScreen");
const FormResponsesScreen = lazyScreen(() => import("./screens/forms/FormResponsesScreen"), "FormResponsesScreen");
const ResponseScreen = lazyScreen(() => import("./screens/forms/ResponseScreen"), "ResponseScreen");
const GroupScreen = lazyScreen(() => import("./screens/mtss/GroupScreen"), "GroupScreen");
const EditGroupScreen = lazyScreen(() => import("./screens/mtss/EditGroupScreen"), "EditGroupScreen");
const GroupsScreen = lazyScreen(() => import("./screens/mtss/GroupsScreen"), "GroupsScreen");
const NewGroupScreen = lazyScreen(() => import("./screens/mtss/NewGroupScreen"), "NewGroupScreen");
const NewPlanScreen = lazyScreen(() => import("./screens/mtss/NewPlanScreen"), "NewPlanScreen");
const PlanScreen = lazyScreen(() => import("./screens/mtss/PlanScreen"), "PlanScreen");
const EditPlanScreen = lazyScreen(() => import("./screens/mtss/EditPlanScreen"), "EditPlanScreen");
const PlansScreen = lazyScreen(() => import("./screens/mtss/PlansScreen"), "PlansScreen");
const StudentScreen = lazyScreen(() => import("./screens/student/StudentScreen"), "StudentScreen");
const MyTasksScreen = lazyScreen(() => import("./screens/tasks/MyTasksScreen"), "MyTasksScreen");
const TaskScreen = lazyScreen(() => import("./screens/tasks/TaskScreen"), "TaskScreen");
const NotificationsScreen = lazyScreen(
  () => import("./screens/notifications/NotificationsScreen"),
  "NotificationsScreen",
);
const NotificationSettingsScreen = lazyScreen(
  () => import("./screens/notifications/NotificationSettingsScreen"),
  "NotificationSettingsScreen",
);
const NotificationDefaultsScreen = lazyScreen(
  () => import("./screens/admin/NotificationDefaultsScreen"),
  "NotificationDefaultsScreen",
);

function RequireSignIn() {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return <p className="loading">Loading…</p>;
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={"/sign-in?next=" + encodeURIComponent(next)} replace />;
  }
  return <AppShell />;
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/sign-in" element={<SignInScreen />} />
          <Route element={<RequireSignIn />}>
            <Route index element={<Navigate to="/cases" replace />} />
            <Route path="/cases" element={<DashboardScreen />} />
            <Route path="/cases/:id" element={<CaseScreen />} />
            <Route path="/tasks/new" element={<NewTaskScreen />} />
            <Route path="/admin/imports" element={<RosterImportScreen />} />
            <Route path="/admin/imports/:id" element={<ImportRunScreen />} />
            <Route path="/meetings" element={<MeetingsScreen />} />
            <Route path="/meetings/new" element={<NewMeetingScreen />} />
            <Route path="/meetings/:id" element={<MeetingScreen />} />
            <Route path="/admin/case-management" element={<CaseManagementScreen />} />
            <Route path="/admin/users" element={<UsersScreen />} />
            <Route path="/admin/audit" element={<AuditScreen />} />
            <Route path="/admin/identity-providers" element={<IdentityProvidersScreen />} />
            <Route path="/admin/notifications" element={<NotificationDefaultsScreen />} />
            <Route path="/forms" element={<FormsListScreen />} />
            <Route path="/forms/new" element={<FormBuilderScreen />} />
            <Route path="/forms/respond" element={<ChooseFormScreen />} />
            <Route path="/forms/:id/edit" element={<FormBuilderScreen />} />
            <Route path="/forms/:id/respond" element={<RespondScreen />} />
            <Route path="/forms/:id/responses" element={<FormResponsesScreen />} />
            <Route path="/responses/:id" element={<ResponseScreen />} />
            <Route path="/plans" element={<PlansScreen />} />
            <Route path="/plans/new" element={<NewPlanScreen />} />
            <Route path="/plans/:id" element={<PlanScreen />} />
            <Route path="/plans/:id/edit" element={<EditPlanScreen />} />
            <Route path="/groups" element={<GroupsScreen />} />
            <Route path="/groups/new" element={<NewGroupScreen />} />
            <Route path="/groups/:id" element={<GroupScreen />} />
            <Route path="/groups/:id/edit" element={<EditGroupScreen />} />
            <Route path="/tasks" element={<MyTasksScreen />} />
            <Route path="/tasks/:id" element={<TaskScreen />} />
            <Route path="/students/:id" element={<StudentScreen />} />
            <Route path="/notifications" element={<NotificationsScreen />} />
            <Route path="/notifications/settings" element={<NotificationSettingsScreen />} />
            <Route
              path="*"
              element={
                <NotFound title="Page not found">
                  There is nothing at this address. Go to the <Link to="/cases">Case Management Dashboard</Link>.
                </NotFound>
              }
            />
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
