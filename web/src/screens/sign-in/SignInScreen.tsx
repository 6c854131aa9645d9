import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { Navigate, useSearchParams } from "react-router-dom";
import { api, fieldErrors } from "../../api/client";
import type { paths } from "../../api/schema.gen";
import { ErrorMessage } from "../../components/ErrorMessage";
import { Field } from "../../components/Field";
import { usePageTitle } from "../../components/usePageTitle";
import { useSession } from "../../session";

// Only paths inside the app: a crafted ?next= must not send the user elsewhere.
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/cases";
}

type DemoSignIns = paths["/api/v1/auth/demo-sign-ins"]["get"]["responses"][200]["content"]["application/json"];

// Only a server started with --demo answers (404 elsewhere): a district's own sign-in page
// never lists accounts.
function useDemoSignIns(): DemoSignIns | null {
  const [demo, setDemo] = useState<DemoSignIns | null>(null);
  useEffect(() => {
    let current = true;
    api
      .GET("/api/v1/auth/demo-sign-ins")
      .then(({ data }) => {
        if (current && data) setDemo(data);
      })
      .catch(() => {});
    return () => {
      current = false;
    };
  }, []);
  return demo;
}

export function SignInScreen() {
  usePageTitle("Sign in");
  const { user, signIn } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const demo = useDemoSignIns();

  if (user) return <Navigate to={safeNext(params.get("next"))} replace />;

  const fields = fieldErrors(error);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <form className="panel sign-in-form" onSubmit={onSubmit} noValidate>
        <h1>Sign in to Trellis</h1>
        <ErrorMessage error={error} />
        <Field label="E-mail" error={fields.email}>
          <input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </Field>
        <Field label="Password" error={fields.password}>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {demo && (
        <section className="panel demo-sign-ins" aria-labelledby="demo-sign-ins-heading">
          <h2 id="demo-sign-ins-heading">Demo sign-ins</h2>
          <p>
            This server runs the demo district. Every demo account&apos;s password is <code>{demo.password}</code>.
          </p>
          <ul>
            {demo.sign_ins.map((account) => (
              <li key={account.email}>
                <button
                  type="button"
                  onClick={() => {
                    setEmail(account.email);
                    setPassword(demo.password);
                  }}
                >
                  Use the {account.role}
                </button>{" "}
                <span>{account.email}</span>
                {account.school && <span className="muted"> ({account.school})</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
