// The student a screen is about when its address names one (?student_id=12 from a case page),
// which the user may still change.
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api, unwrap, type StudentEntry } from "../api/client";

export function useStudentFromAddress(param: string): [StudentEntry | null, (student: StudentEntry | null) => void] {
  const [params] = useSearchParams();
  const [student, setStudent] = useState<StudentEntry | null>(null);
  const id = Number(params.get(param));
  useEffect(() => {
    if (!id) return;
    let current = true;
    api
      .GET("/api/v1/students/{id}", { params: { path: { id } } })
      .then((result) => current && setStudent(unwrap(result)))
      .catch(() => current && setStudent(null));
    return () => {
      current = false;
    };
  }, [id]);
  return [student, setStudent];
}
