-- +goose Up
-- An exam date announced in the app (§3(3)) is dated by the server's clock:
-- announced_on is the day it was entered (created_at). An announcement made
-- earlier outside the app may be entered later, but only with a reason;
-- entered_reason is that reason, and a non-empty one marks the date as
-- "nachgetragen" wherever it is shown. created_by and created_at say who
-- entered it and when.
ALTER TABLE exam_dates ADD COLUMN entered_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE exam_dates DROP COLUMN entered_reason;
