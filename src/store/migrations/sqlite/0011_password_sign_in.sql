-- Once single sign-on works, a district may turn password sign-in off (settings key
-- 'password_sign_in' = 'break_glass_only') for everyone but the district administrators it
-- names here: break-glass accounts, for the day the identity provider is down.
CREATE TABLE break_glass_accounts (
  user_id INTEGER PRIMARY KEY REFERENCES users (id),
  named_at INTEGER NOT NULL
);
