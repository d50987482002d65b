-- +goose Up
-- Participation certificates (issue 14 §3): one per completed training,
-- keyed by person and session like the completion itself, so the same
-- completion always gets the same verification code. The row outlives the
-- completion: when a coordinator's correction takes the completion back,
-- withdrawn_on is set and the public check answers "zurückgezogen"
-- instead of "unknown". holder_name, topic, the days and the issuer are
-- kept as printed, since the public check compares them with the paper.
-- Codes have 16 characters of 32 (80 bits), grouped "XXXX-XXXX-XXXX-XXXX".
CREATE TABLE participation_certificates (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    session_id    BIGINT NOT NULL REFERENCES course_sessions(id),
    code          TEXT NOT NULL UNIQUE CHECK (char_length(code) = 19),
    holder_name   TEXT NOT NULL CHECK (char_length(holder_name) <= 200),
    topic         TEXT NOT NULL CHECK (char_length(topic) <= 200),
    first_day     DATE NOT NULL,
    last_day      DATE NOT NULL,
    issuer        TEXT NOT NULL CHECK (char_length(issuer) <= 200),
    issued_on     DATE NOT NULL,
    withdrawn_on  DATE,
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, session_id)
);

-- +goose Down
DROP TABLE participation_certificates;
