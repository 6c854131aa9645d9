-- A plan's owner hears once, in the morning run, that its goal's target date (when the plan is
-- reviewed) is within a week; a row per plan and target date makes it once, and again if the
-- date moves.
CREATE TABLE plan_review_reminders (
  plan_id BIGINT NOT NULL REFERENCES plans (id),
  target_date TEXT NOT NULL,
  sent_at BIGINT NOT NULL,
  PRIMARY KEY (plan_id, target_date)
);
