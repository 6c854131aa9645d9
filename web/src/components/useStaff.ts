// The district's active staff accounts, for choosing an assignee or attendees. Only
// administrators may list staff (the API answers others 403), so others get an empty list.
import { useEffect, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";

export type Staff = Schemas["User"];

export function useActiveStaff(canList: boolean): Staff[] {
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
