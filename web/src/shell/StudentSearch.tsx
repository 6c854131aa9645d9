// The student search of the top bar, on every screen: names or local ids, only students the
// user may see (the server decides), results as links to the student profile.
import { useEffect, useId, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { Link, useLocation } from "react-router-dom";
import { useStudentSearch } from "../components/useStudentSearch";

const minimumLength = 2;

export function StudentSearch() {
  const [query, setQuery] = useState("");
  // Escape hides the results until the query changes.
  const [dismissed, setDismissed] = useState(false);
  const q = query.trim();
  const search = useStudentSearch({ q, limit: 10 }, q.length >= minimumLength);
  const results = dismissed ? null : search.matches;
  const failed = !dismissed && search.failed;
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const location = useLocation();

  useEffect(() => setQuery(""), [location]);

  const links = () => Array.from(box.current?.querySelectorAll<HTMLAnchorElement>("ul a") ?? []);
  const onKey = (event: KeyboardEvent) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === "Escape") {
      setDismissed(true);
      input.current?.focus();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)]?.focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) input.current?.focus();
      else all[at - 1]?.focus();
    }
  };

  return (
    <div className="student-search" ref={box} onKeyDown={onKey}>
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor={id} className="visually-hidden">
          Search students
        </label>
        <input
          id={id}
          ref={input}
          type="search"
          placeholder="Search students"
          autoComplete="off"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setDismissed(false);
          }}
          aria-describedby={id + "-status"}
        />
      </form>
      <p id={id + "-status"} className="visually-hidden" aria-live="polite">
        {results === null ? "" : `${results.length} student${results.length === 1 ? "" : "s"} found`}
      </p>
      {(results !== null || failed) && (
        <div className="search-results" aria-label="Student search results" role="region">
          {failed && <p>Search failed; try again.</p>}
          {results?.length === 0 && <p>No student you can see matches “{query.trim()}”.</p>}
          {results && results.length > 0 && (
            <ul>
              {results.map((student) => (
                <li key={student.id}>
                  <Link to={`/students/${student.id}`}>
                    <span className="student-name">{student.name}</span>
                    <span className="student-meta">
                      Grade {student.grade}
                      {student.local_id ? ` · ${student.local_id}` : ""}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
