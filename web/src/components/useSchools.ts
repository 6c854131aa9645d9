// The district's schools (for school filters and choices), empty until they arrive.
import { useEffect, useState } from "react";
import { api, unwrap, type School } from "../api/client";

export function useSchools(): School[] {
  const [schools, setSchools] = useState<School[]>([]);
  useEffect(() => {
    let current = true;
    api
      .GET("/api/v1/schools")
      .then((result) => current && setSchools(unwrap(result).items ?? []))
      .catch(() => current && setSchools([]));
    return () => {
      current = false;
    };
  }, []);
  return schools;
}
