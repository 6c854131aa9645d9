// Students the user may see that match a search, asked a moment after the typing stops;
// null while there is nothing to search for (see enough).
import { useEffect, useState } from "react";
import { api, unwrap, type Student } from "../api/client";

export interface StudentQuery {
  q?: string;
  grade?: string;
  school_id?: number;
  limit: number;
}

export function useStudentSearch(query: StudentQuery, enough: boolean): Student[] | null {
  const [matches, setMatches] = useState<Student[] | null>(null);
  const key = JSON.stringify(query);
  useEffect(() => {
    if (!enough) {
      setMatches(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      api
        .GET("/api/v1/students", { params: { query } })
        .then((result) => current && setMatches(unwrap(result).items ?? []))
        .catch(() => current && setMatches([]));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // key stands for query, a new object at every render.
  }, [key, enough]);
  return matches;
}
