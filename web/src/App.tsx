// The screens and their addresses. Each screen lives in src/screens/<screen>/.
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router-dom";
import { SessionProvider, useSession } from "./session";
import { AppShell } from "./shell/AppShell";
import { SignInScreen } from "./screens/sign-in/SignInScreen";
import { DashboardScreen } from "./screens/dashboard/DashboardScreen";
import { CaseScreen } from "./screens/case/CaseScreen";
import { ComingScreen } from "./screens/coming/ComingScreen";
import { NewTaskScreen } from "./screens/new-task/NewTaskScreen";
import { comingScreens } from "./screens/coming/comingScreens";
import { StudentScreen } from "./screens/student/StudentScreen";
import { MyTasksScreen } from "./screens/tasks/MyTasksScreen";
import { TaskScreen } from "./screens/tasks/TaskScreen";

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
            <Route path="/tasks" element={<MyTasksScreen />} />
            <Route path="/tasks/:id" element={<TaskScreen />} />
            <Route path="/students/:id" element={<StudentScreen />} />
            {comingScreens.map((screen) => (
              <Route
                key={screen.path}
                path={screen.path}
                element={<ComingScreen title={screen.title} what={screen.what} />}
              />
            ))}
            <Route path="*" element={<ComingScreen title="Page not found" what="" />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
