-- How each person hears of each kind of notification: immediately (in the app and by e-mail),
-- in the app only, or not at all. Without a row the district's default holds (settings key
-- 'notification_default:<kind>'), and without that, immediately.
CREATE TABLE notification_preferences (
  user_id INTEGER NOT NULL REFERENCES users (id),
  kind TEXT NOT NULL,
  delivery TEXT NOT NULL,
  PRIMARY KEY (user_id, kind)
);
