// Counts and charts from /dashboard/summary: cases opened per week by trigger, open cases by
// school and grade (SchoolGradeChart). Each chart has a caption and its numbers in a table for screen-reader users.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { DashboardSummary } from "../../api/client";
import { formatDay } from "../../time";
import { ChartFigure } from "../../components/ChartFigure";
import { SchoolGradeChart } from "./SchoolGradeChart";
import { triggerColours, triggerLabel } from "./labels";

type WeekRow = { week: string } & Record<string, number | string>;

function weeksByTrigger(summary: DashboardSummary): { rows: WeekRow[]; triggers: string[] } {
  const rows = new Map<string, WeekRow>();
  const triggers = new Set<string>();
  for (const point of summary.opened_per_week ?? []) {
    if (!point.week_start || !point.trigger) continue;
    triggers.add(point.trigger);
    const row = rows.get(point.week_start) ?? { week: formatDay(point.week_start) };
    row[point.trigger] = (Number(row[point.trigger]) || 0) + (point.count ?? 0);
    rows.set(point.week_start, row);
  }
  const ordered = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
  return { rows: ordered, triggers: [...triggers] };
}

export function SummaryCounts({ summary }: { summary: DashboardSummary }) {
  return (
    <dl className="counts">
      <div>
        <dt>Open cases</dt>
        <dd data-testid="count-open">{summary.open ?? 0}</dd>
      </div>
      <div>
        <dt>Closed cases</dt>
        <dd>{summary.closed ?? 0}</dd>
      </div>
      {(summary.by_trigger ?? []).map((count) => (
        <div key={count.key}>
          <dt>{triggerLabel(count.key)}</dt>
          <dd>{count.count}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SummaryCharts({ summary }: { summary: DashboardSummary }) {
  const { rows, triggers } = weeksByTrigger(summary);
  return (
    <div className="charts">
      <ChartFigure
        caption="Cases opened per week, by trigger"
        height={220}
        chart={
          <BarChart data={rows} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="#d0d5dc" />
            <XAxis dataKey="week" tick={{ fill: "#333" }} />
            <YAxis allowDecimals={false} tick={{ fill: "#333" }} />
            <Tooltip />
            <Legend />
            {triggers.map((trigger) => (
              <Bar
                key={trigger}
                dataKey={trigger}
                name={triggerLabel(trigger)}
                stackId="week"
                fill={triggerColours[trigger] ?? "#333"}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        }
      >
        <thead>
          <tr>
            <th scope="col">Week of</th>
            {triggers.map((trigger) => (
              <th scope="col" key={trigger}>
                {triggerLabel(trigger)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.week}>
              <th scope="row">{row.week}</th>
              {triggers.map((trigger) => (
                <td key={trigger}>{row[trigger] ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </ChartFigure>
      <SchoolGradeChart summary={summary} />
    </div>
  );
}
