// Active staff accounts, for choosing who a task goes to or who manages a case. Only
// administrators may list staff accounts (GET /users answers 403 to others): for anyone else
// the list stays empty and screens offer "me" alone.
import { useEffect, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";

export type Staff = Schemas["User"];

export function useStaff(canList: boolean): Staff[] {
  const [staff, setStaff] = useState<Staff[]>([]);
  useEffect(() => {
    if (!canList) return;
    let current = true;
    api
      .GET("/api/v1/users", { params: { query: { limit: 500 } } })
      .then((result) => current && setStaff((unwrap(result).items ?? []).filter((user) => user.active !== false)))
      .catch(() => current && setStaff([]));
    return () => {
      current = false;
    };
  }, [canList]);
  return staff;
}
