// A plan's progress monitoring as a chart: the data points, the aim line (baseline to target
// over the goal's dates) and the trend line (least squares over the points), both as the API
// computes them (GET /plans/{id}/progress), so the browser draws them and decides nothing.
// Used by the plan page and the student profile; screen readers get the table of numbers.
import { CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { PlanProgress } from "../api/client";
import { formatCalendarDate, formatDay } from "../time";
import { ChartFigure } from "./ChartFigure";
import { formatScore } from "./formatScore";

type AnalysisLine = NonNullable<NonNullable<PlanProgress["analysis"]>["aim_line"]>;

interface Row {
  day: number; // days since 1970-01-01, so that points fall where their dates are
  score?: number;
  aim?: number;
  trend?: number;
}

interface Props {
  progress: PlanProgress;
  caption: string;
}

const dayLength = 86_400_000;

function dayNumber(date: string): number {
  return Math.round(Date.parse(date + "T00:00:00Z") / dayLength);
}

function dayText(day: number): string {
  return formatDay(new Date(day * dayLength).toISOString().slice(0, 10));
}

function lineRows(line: AnalysisLine | null | undefined, key: "aim" | "trend"): Row[] {
  if (!line?.from_date || !line.to_date) return [];
  return [
    { day: dayNumber(line.from_date), [key]: line.from_score },
    { day: dayNumber(line.to_date), [key]: line.to_score },
  ];
}

function chartRows(progress: PlanProgress): Row[] {
  const points = (progress.points ?? [])
    .filter((point) => point.date)
    .map((point) => ({ day: dayNumber(point.date ?? ""), score: point.score }));
  const rows = [
    ...points,
    ...lineRows(progress.analysis?.aim_line, "aim"),
    ...lineRows(progress.analysis?.trend_line, "trend"),
  ];
  return rows.sort((a, b) => a.day - b.day);
}

function perWeek(value: number | null | undefined): string {
  if (value === null || value === undefined) return "not enough data";
  return `${value >= 0 ? "+" : ""}${formatScore(value)} per week`;
}

export function ProgressChart({ progress, caption }: Props) {
  const analysis = progress.analysis;
  const rows = chartRows(progress);
  return (
    <div className="progress-chart">
      <ChartFigure
        caption={caption}
        height={260}
        chart={
          <ComposedChart data={rows} accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#d0d5dc" />
            <XAxis
              dataKey="day"
              type="number"
              scale="time"
              domain={["dataMin", "dataMax"]}
              tickFormatter={dayText}
              tick={{ fill: "#333" }}
            />
            <YAxis tick={{ fill: "#333" }} />
            <Tooltip labelFormatter={(day) => dayText(Number(day))} formatter={(value) => formatScore(Number(value))} />
            <Legend />
            <Line
              dataKey="score"
              name="Data points"
              stroke="#1f5fa8"
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              dataKey="aim"
              name="Aim line"
              stroke="#2e7d32"
              strokeWidth={2}
              strokeDasharray="8 4"
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              dataKey="trend"
              name="Trend line"
              stroke="#b3541e"
              strokeWidth={2}
              strokeDasharray="3 3"
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          </ComposedChart>
        }
      >
        <ProgressTable progress={progress} />
      </ChartFigure>
      <p className="progress-rates">
        Aim: {perWeek(analysis?.aim_rate_per_week)}. Rate of improvement:{" "}
        {perWeek(analysis?.rate_of_improvement_per_week)}.
      </p>
    </div>
  );
}

// The numbers the chart is drawn from: each data point, then where each line starts and ends.
function ProgressTable({ progress }: { progress: PlanProgress }) {
  const analysis = progress.analysis;
  const lineEnds = (label: string, line: AnalysisLine | null | undefined) =>
    line?.from_date && line.to_date
      ? [
          { key: label + "-from", what: `${label} start`, date: line.from_date, score: line.from_score },
          { key: label + "-to", what: `${label} end`, date: line.to_date, score: line.to_score },
        ]
      : [];
  const rows = [
    ...(progress.points ?? []).map((point) => ({
      key: "point-" + point.id,
      what: "Data point",
      date: point.date ?? "",
      score: point.score,
    })),
    ...lineEnds("Aim line", analysis?.aim_line),
    ...lineEnds("Trend line", analysis?.trend_line),
  ];
  return (
    <>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">What</th>
          <th scope="col" className="number">
            Score
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td>{formatCalendarDate(row.date)}</td>
            <td>{row.what}</td>
            <td className="number">{formatScore(row.score)}</td>
          </tr>
        ))}
      </tbody>
    </>
  );
}
