-- Logins are unique ignoring case (sign-in looks them up ignoring case); the Java check before an insert is only
-- the friendly message, this index is the rule two concurrent inserts cannot both pass.
create unique index app_user_login_lower_key on app_user (lower(login));
