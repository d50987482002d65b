-- +goose Up
-- Every dated fact the exam office enters (seminar attendance §2(1), the
-- written camera notice, payments §2(2),(3), registrations, absences and
-- withdrawals §9(1)) already records who entered it and when (recorded_by,
-- recorded_at). A fact whose legal date lies before the day it is entered
-- needs a reason, as an exam date announced earlier does (00009):
-- entered_reason is that reason, empty for a fact entered on its day. The
-- fact is shown as "nachgetragen" wherever it appears.
ALTER TABLE exam_facts ADD COLUMN entered_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE exam_facts DROP COLUMN entered_reason;
