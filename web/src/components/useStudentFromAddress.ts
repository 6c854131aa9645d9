// The student a form is about when the address names one (?student_id=42, as links from a
// case or a student profile do), which the user may still change.
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { api, unwrap, type Student } from "../api/client";

export function useStudentFromAddress(): [Student | null, (student: Student | null) => void] {
  const [params] = useSearchParams();
  const [student, setStudent] = useState<Student | null>(null);
  const id = Number(params.get("student_id"));
  useEffect(() => {
    if (!id) return;
    api
      .GET("/api/v1/students/{id}", { params: { path: { id } } })
      .then((result) => setStudent(unwrap(result)))
      .catch(() => setStudent(null));
  }, [id]);
  return [student, setStudent];
}
