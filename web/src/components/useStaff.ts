// The staff directory (GET /staff): the active colleagues a user may give work to, those of
// their own schools (everyone for district administrators), for choosing who a task goes to,
// who manages a case, who owns a plan or attends a meeting.
import { useEffect, useState } from "react";
import { api, unwrap, type Schemas } from "../api/client";

export type Staff = Schemas["Colleague"];

export function useActiveStaff(): Staff[] {
  const [staff, setStaff] = useState<Staff[]>([]);
  useEffect(() => {
    let current = true;
    api
      .GET("/api/v1/staff", { params: { query: { limit: 500 } } })
      .then((result) => current && setStaff(unwrap(result).items))
      .catch(() => current && setStaff([]));
    return () => {
      current = false;
    };
  }, []);
  return staff;
}
