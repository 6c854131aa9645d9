// Students the user may see that match a search, asked a moment after the typing stops:
// matches is null while there is nothing to search for (see enough), failed says the last
// search did not answer. The top bar's search and the student pickers share it.
import { useEffect, useState } from "react";
import { api, unwrap, type StudentEntry } from "../api/client";

export interface StudentQuery {
  q?: string;
  grade?: string;
  school_id?: number;
  limit: number;
}

const debounceMs = 200;

export function useStudentSearch(
  query: StudentQuery,
  enough: boolean,
): { matches: StudentEntry[] | null; failed: boolean } {
  const [matches, setMatches] = useState<StudentEntry[] | null>(null);
  const [failed, setFailed] = useState(false);
  const key = JSON.stringify(query);
  useEffect(() => {
    if (!enough) {
      setMatches(null);
      setFailed(false);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api
        .GET("/api/v1/students", { params: { query } })
        .then((result) => {
          if (!current) return;
          setMatches(unwrap(result).items ?? []);
          setFailed(false);
        })
        .catch(() => current && setFailed(true));
    }, debounceMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // key stands for query, a new object at every render.
  }, [key, enough]);
  return { matches, failed };
}
