-- +goose Up
-- Attendance statuses and walk-ins (issue 12 §4). The attendance table keeps
-- only "present" (the one status that counts, so evidence and completions read
-- it unchanged); a day a trainer marks "excused" or "absent" is kept here. A
-- person has at most one of the two for a day (held by the store).
CREATE TABLE attendance_statuses (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id   BIGINT NOT NULL REFERENCES course_sessions(id) ON DELETE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    day          DATE NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('excused', 'absent')),
    recorded_by  BIGINT REFERENCES users(id),
    recorded_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (session_id, user_id, day)
);

-- A person of a participating municipality who attended without a booking,
-- added explicitly by the session's trainer. A walk-in takes no seat: the
-- bookings and the quotas do not count it.
CREATE TABLE walk_ins (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id  BIGINT NOT NULL REFERENCES course_sessions(id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    added_by    BIGINT REFERENCES users(id),
    added_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (session_id, user_id)
);

-- +goose Down
DROP TABLE walk_ins;
DROP TABLE attendance_statuses;
