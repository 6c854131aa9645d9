// Who is signed in. Asks /auth/me once at start (the session cookie may still be valid) and
// forgets the user whenever the API answers 401.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { api, setCsrfToken, unwrap, whenSignedOut, type Me } from "./api/client";

interface Session {
  user: Me | null;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Me | null>(null);
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
          setUser(result.data.user);
        }
      })
      .catch(() => forget())
      .finally(() => setLoading(false));
  }, [forget]);

  const signIn = useCallback(async (email: string, password: string) => {
    const data = unwrap(await api.POST("/api/v1/auth/login", { body: { email, password } }));
    setCsrfToken(data.csrf_token);
    setUser(data.user);
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

// Whether the user holds a role anywhere (menus show what the role can use).
export function hasRole(user: Me | null, ...roles: string[]): boolean {
  return (user?.roles ?? []).some((grant) => roles.includes(grant.role));
}
