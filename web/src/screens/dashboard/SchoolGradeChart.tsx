// Open cases by school and grade: a bar per school (the busiest first), split by grade, with
// every number in a table for screen-reader users. /dashboard/summary counts by_school_grade
// under the key "schoolId/grade" and names the schools in by_school.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { DashboardSummary } from "../../api/client";
import { ChartFigure } from "../../components/ChartFigure";

// A district-wide view has hundreds of schools; the chart shows the busiest, the table all.
const kSchoolsCharted = 12;

// Dark enough for text on white (the legend) and different from their neighbours.
const kGradeColours = [
  "#1f5fa8",
  "#b3471d",
  "#2e7d32",
  "#6a1b9a",
  "#8d6e00",
  "#00695c",
  "#ad1457",
  "#37474f",
  "#4e342e",
  "#283593",
  "#33691e",
  "#c62828",
  "#00838f",
];
const kGradeOrder = ["PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"];

type SchoolRow = { school: string; total: number } & Record<string, number | string>;

function gradeRank(grade: string): number {
  const rank = kGradeOrder.indexOf(grade);
  return rank === -1 ? kGradeOrder.length : rank;
}

function gradeLabel(grade: string): string {
  return /^\d+$/.test(grade) ? `Grade ${grade}` : grade;
}

function schoolsByGrade(summary: DashboardSummary): { rows: SchoolRow[]; grades: string[] } {
  const names = new Map((summary.by_school ?? []).map((count) => [count.key ?? "", count.label ?? ""]));
  const rows = new Map<string, SchoolRow>();
  const grades = new Set<string>();
  for (const count of summary.by_school_grade ?? []) {
    const [schoolId = "", grade = count.label ?? ""] = (count.key ?? "").split("/");
    const row = rows.get(schoolId) ?? { school: names.get(schoolId) ?? `School ${schoolId}`, total: 0 };
    row[grade] = (Number(row[grade]) || 0) + (count.count ?? 0);
    row.total += count.count ?? 0;
    rows.set(schoolId, row);
    grades.add(grade);
  }
  const ordered = [...rows.values()].sort((a, b) => b.total - a.total || a.school.localeCompare(b.school));
  return { rows: ordered, grades: [...grades].sort((a, b) => gradeRank(a) - gradeRank(b)) };
}

export function SchoolGradeChart({ summary }: { summary: DashboardSummary }) {
  const { rows, grades } = schoolsByGrade(summary);
  const charted = rows.slice(0, kSchoolsCharted);
  const caption =
    rows.length > kSchoolsCharted
      ? `Open cases by school and grade (the ${kSchoolsCharted} schools with most; all ${rows.length} in the table)`
      : "Open cases by school and grade";
  return (
    <ChartFigure
      caption={caption}
      // Room for the legend of thirteen grades below the bars, and two lines per school name.
      height={Math.max(220, 110 + charted.length * 36)}
      chart={
        <BarChart data={charted} layout="vertical" accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d0d5dc" />
          <XAxis type="number" allowDecimals={false} tick={{ fill: "#333" }} />
          <YAxis type="category" dataKey="school" width={160} interval={0} tick={{ fill: "#333" }} />
          <Tooltip />
          <Legend />
          {grades.map((grade, index) => (
            <Bar
              key={grade}
              dataKey={grade}
              name={gradeLabel(grade)}
              stackId="school"
              fill={kGradeColours[index % kGradeColours.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      }
    >
      <thead>
        <tr>
          <th scope="col">School</th>
          {grades.map((grade) => (
            <th scope="col" key={grade}>
              {gradeLabel(grade)}
            </th>
          ))}
          <th scope="col">All grades</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.school}>
            <th scope="row">{row.school}</th>
            {grades.map((grade) => (
              <td key={grade}>{row[grade] ?? 0}</td>
            ))}
            <td>{row.total}</td>
          </tr>
        ))}
      </tbody>
    </ChartFigure>
  );
}
