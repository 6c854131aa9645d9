// Who is signed in, with the actions their roles allow somewhere (for the menus). Asks /auth/me
// once at start (the session cookie may still be valid) and after signing in, and forgets the
// user whenever the API answers 401.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { api, setCsrfToken, unwrap, whenSignedOut, type Me, type PolicyAction } from "./api/client";

export type SignedIn = Me & { allowed_actions: PolicyAction[] };

interface Session {
  user: SignedIn | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SignedIn | null>(null);
  const [loading, setLoading] = useState(true);

  const forget = useCallback(() => {
    setCsrfToken(null);
    setUser(null);
  }, []);

  useEffect(() => {
    whenSignedOut(forget);
    api
      .GET("/api/v1/auth/me")
      .then((result) => {
        if (result.data?.user) {
          setCsrfToken(result.data.csrf_token ?? null);
          setUser({ ...result.data.user, allowed_actions: result.data.allowed_actions ?? [] });
        }
      })
      .catch(() => forget())
      .finally(() => setLoading(false));
  }, [forget]);

  const signIn = useCallback(async (email: string, password: string) => {
    const data = unwrap(await api.POST("/api/v1/auth/login", { body: { email, password } }));
    setCsrfToken(data.csrf_token);
    // The sign-in answers who; /auth/me also answers what their roles allow.
    const me = unwrap(await api.GET("/api/v1/auth/me"));
    setUser({ ...data.user, allowed_actions: me.allowed_actions ?? [] });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.POST("/api/v1/auth/logout", {});
    } finally {
      forget();
    }
  }, [forget]);

  const value = useMemo(() => ({ user, loading, signIn, signOut }), [user, loading, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
