-- A plan's owner hears once, in the morning run, that its goal's target date (when the plan is
-- reviewed) is within a week; a row per plan and target date makes it once, and again if the
-- date moves.
CREATE TABLE plan_review_reminders (
  plan_id INTEGER NOT NULL REFERENCES plans (id),
  target_date TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (plan_id, target_date)
);
