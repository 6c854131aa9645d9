// How many of the user's notifications are unread, for the bell in the top bar: asked again
// at every navigation, every minute while the tab is visible (and when it becomes visible
// again), and whenever a screen says it marked some read (refresh()). Only the answer to the
// latest question counts, so a slow answer from before a change never shows after it.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import { useLocation } from "react-router-dom";
import { api, unwrap } from "../api/client";

const refreshEvery = 60_000;

interface UnreadNotifications {
  // null until the first answer arrives.
  count: number | null;
  refresh(): void;
}

const UnreadContext = createContext<UnreadNotifications>({ count: null, refresh: () => {} });

export function UnreadNotificationsProvider({ children }: { children: ReactNode }) {
  const [count, setCount] = useState<number | null>(null);
  const asked = useRef(0);
  const location = useLocation();

  const refresh = useCallback(() => {
    const question = ++asked.current;
    api
      .GET("/api/v1/notifications/unread-count")
      .then(unwrap)
      .then((answer) => question === asked.current && setCount(answer.unread_count))
      // The bell keeps its last count; the screens say what failed.
      .catch(() => {});
  }, []);

  useEffect(refresh, [location.key, refresh]);

  useEffect(() => {
    const whenVisible = () => document.visibilityState === "visible" && refresh();
    const timer = window.setInterval(whenVisible, refreshEvery);
    document.addEventListener("visibilitychange", whenVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", whenVisible);
    };
  }, [refresh]);

  const value = useMemo(() => ({ count, refresh }), [count, refresh]);
  return <UnreadContext.Provider value={value}>{children}</UnreadContext.Provider>;
}

export function useUnreadNotifications(): UnreadNotifications {
  return useContext(UnreadContext);
}
