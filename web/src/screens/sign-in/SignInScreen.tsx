import { useEffect, useState } from "react";
import type { FormEvent } from "react";
import { Link, Navigate, useSearchParams } from "react-router-dom";
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
type SignInOptions = paths["/api/v1/auth/providers"]["get"]["responses"][200]["content"]["application/json"];

// Demo sign-ins: only a server started with --demo answers (404 elsewhere), so a district's
// own sign-in page never lists accounts.
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

// The district's identity providers (a button each) and whether it signs in with passwords:
// null until the server answers; the password form alone when it cannot answer.
function useSignInOptions(): SignInOptions | null {
  const [options, setOptions] = useState<SignInOptions | null>(null);
  useEffect(() => {
    let current = true;
    const passwordOnly = { items: [], password_sign_in: true };
    api
      .GET("/api/v1/auth/providers")
      .then(({ data }) => current && setOptions(data ?? passwordOnly))
      .catch(() => current && setOptions(passwordOnly));
    return () => {
      current = false;
    };
  }, []);
  return options;
}

// The sentence for the refused single sign-on whose code the server sent the browser back
// with (?sso_error=CODE). The page never shows text from its own address, which anyone could
// put in a link: it asks the server for the sentence of a code it knows.
const unknownProblem = "Signing in with your district account did not work. Try again.";

function useSignInProblem(code: string | null): Error | null {
  const [problem, setProblem] = useState<Error | null>(null);
  useEffect(() => {
    if (!code) return;
    let current = true;
    api
      .GET("/api/v1/auth/sign-in-problems/{code}", { params: { path: { code } } })
      .then(({ data }) => current && setProblem(new Error(data?.message ?? unknownProblem)))
      .catch(() => current && setProblem(new Error(unknownProblem)));
    return () => {
      current = false;
    };
  }, [code]);
  return problem;
}

// A provider's start address, with where to land once signed in. The browser goes there
// itself (a link, not a fetch): the provider's pages are a full round trip away.
function startAddress(startUrl: string, returnTo: string): string {
  const url = new URL(startUrl, window.location.origin);
  url.searchParams.set("return_to", returnTo);
  return url.pathname + url.search;
}

export function SignInScreen() {
  usePageTitle("Sign in");
  const { user, signIn } = useSession();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // With password sign-in turned off, the district's break-glass administrators still need
  // the form: it is one click away (or ?password=1), not shown to everyone.
  const [passwordWanted, setPasswordWanted] = useState(params.get("password") === "1");
  const demo = useDemoSignIns();
  const options = useSignInOptions();
  const ssoError = params.get("sso_error");
  const problem = useSignInProblem(ssoError);
  const next = safeNext(params.get("next"));

  if (user && !ssoError) return <Navigate to={next} replace />;

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
  // Someone still signed in whose single sign-on was refused (an administrator trying a
  // provider, say) reads why here, and goes on with the session they have.
  const providers = user ? [] : (options?.items ?? []);
  const passwordForm =
    !user && options !== null && (options.password_sign_in || providers.length === 0 || passwordWanted);
  const breakGlassLink = !user && options !== null && !passwordForm;

  return (
    <main id="main" className="sign-in">
      <div className="panel sign-in-form">
        <h1>Sign in to Trellis</h1>
        <ErrorMessage error={error ?? (ssoError ? problem : null)} />
        {user && (
          <p>
            You are still signed in as {user.name}. <Link to={next}>Go on to Trellis</Link>
          </p>
        )}
        {providers.length > 0 && (
          <ul className="sso-buttons">
            {providers.map((provider) => (
              <li key={provider.id}>
                <a className="button" href={startAddress(provider.start_url, next)}>
                  {provider.button_label}
                </a>
              </li>
            ))}
          </ul>
        )}
        {breakGlassLink && (
          <p className="muted">
            <button type="button" className="link-button" onClick={() => setPasswordWanted(true)}>
              Administrator sign-in with a password
            </button>
          </p>
        )}
        {providers.length > 0 && passwordForm && (
          <p className="sign-in-or">
            <span>or</span>
          </p>
        )}
        {passwordForm && (
          <form onSubmit={onSubmit} noValidate>
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
        )}
      </div>
      {demo && passwordForm && (
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
