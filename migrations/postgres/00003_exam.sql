-- +goose Up
-- The ISB exam run by its examination regulation (DESIGN.md §3, seeds/004).
-- A candidate's state is never stored: it is folded by package exam from
-- the candidate's facts (exam_facts) together with the exam dates and the
-- board's delegations, every time it is needed.

-- A seminar whose attendance admits to the exam (§2(1)), with its fees (§2(2)).
CREATE TABLE exam_seminars (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title             TEXT NOT NULL,
    leader_name       TEXT NOT NULL DEFAULT '',
    exam_fee_cents    INTEGER NOT NULL DEFAULT 0 CHECK (exam_fee_cents >= 0),
    retake_fee_cents  INTEGER NOT NULL DEFAULT 0 CHECK (retake_fee_cents >= 0),
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE exam_seminar_days (
    seminar_id  BIGINT NOT NULL REFERENCES exam_seminars(id) ON DELETE CASCADE,
    day         DATE NOT NULL,
    online      BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (seminar_id, day)
);

-- The canon: examination components (§3(1)) with their examiner (§3(2)) and
-- weighted parts (§5(4)).
CREATE TABLE exam_components (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seminar_id   BIGINT NOT NULL REFERENCES exam_seminars(id) ON DELETE CASCADE,
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    examiner_id  BIGINT REFERENCES users(id),
    position     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (seminar_id, code)
);
CREATE INDEX exam_components_examiner ON exam_components (examiner_id);

CREATE TABLE exam_component_parts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    component_id  BIGINT NOT NULL REFERENCES exam_components(id) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    weight        INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 10000),
    position      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (component_id, code)
);

-- Exam dates set by the board and announced (§3(3)).
CREATE TABLE exam_dates (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    component_id  BIGINT NOT NULL REFERENCES exam_components(id) ON DELETE CASCADE,
    exam_day      DATE NOT NULL,
    announced_on  DATE NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    created_by    BIGINT REFERENCES users(id),
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (component_id, exam_day)
);

CREATE TABLE exam_candidates (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    seminar_id  BIGINT NOT NULL REFERENCES exam_seminars(id),
    user_id     BIGINT NOT NULL REFERENCES users(id),
    number      TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (seminar_id, user_id)
);
CREATE INDEX exam_candidates_user ON exam_candidates (user_id);

-- The candidate's file: dated facts in the vocabulary of package exam
-- (docs/exam-file-format.md). detail holds the fields a fact's type has
-- beyond the columns, as JSON. A fact is corrected in place (revision+1,
-- with the old value and the reason in the audit log), never deleted.
CREATE TABLE exam_facts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    candidate_id  BIGINT NOT NULL REFERENCES exam_candidates(id) ON DELETE CASCADE,
    type          TEXT NOT NULL,
    day           DATE NOT NULL,
    component_id  BIGINT REFERENCES exam_components(id),
    exam_day      DATE,
    detail        TEXT NOT NULL DEFAULT '{}',
    note          TEXT NOT NULL DEFAULT '',
    case_id       BIGINT,
    revision      INTEGER NOT NULL DEFAULT 1,
    recorded_by   BIGINT REFERENCES users(id),
    recorded_at   TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX exam_facts_candidate ON exam_facts (candidate_id, day, id);

-- Cases for the examination board (§4(2)): a motion about one candidate, or
-- (candidate_id NULL) a delegation of a task to the chair (§4(3)).
CREATE TABLE exam_cases (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    candidate_id         BIGINT REFERENCES exam_candidates(id) ON DELETE CASCADE,
    motion               TEXT NOT NULL,
    component_id         BIGINT REFERENCES exam_components(id),
    exam_day             DATE,
    application_fact_id  BIGINT REFERENCES exam_facts(id),
    detail               TEXT NOT NULL DEFAULT '{}',
    summary              TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL CHECK (status IN ('open', 'decided', 'withdrawn')),
    decided_by           TEXT CHECK (decided_by IN ('board', 'chair')),
    decided_on           DATE,
    accepted             BOOLEAN,
    outcome              TEXT NOT NULL DEFAULT '',
    decision_fact_id     BIGINT REFERENCES exam_facts(id),
    opened_by            BIGINT REFERENCES users(id),
    opened_at            TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX exam_cases_status ON exam_cases (status, opened_at);
CREATE INDEX exam_cases_candidate ON exam_cases (candidate_id);

-- Votes of the board members in the circular procedure (§4(4)).
CREATE TABLE exam_case_votes (
    case_id  BIGINT NOT NULL REFERENCES exam_cases(id) ON DELETE CASCADE,
    user_id  BIGINT NOT NULL REFERENCES users(id),
    vote     TEXT NOT NULL CHECK (vote IN ('yes', 'no', 'abstain')),
    comment  TEXT NOT NULL DEFAULT '',
    cast_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (case_id, user_id)
);

-- Tasks the board delegated to its chair (§4(3)); each is one accepted vote.
CREATE TABLE exam_delegations (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task        TEXT NOT NULL,
    decided_on  DATE NOT NULL,
    members     INTEGER NOT NULL,
    yes         INTEGER NOT NULL,
    no          INTEGER NOT NULL,
    abstain     INTEGER NOT NULL,
    circular    BOOLEAN NOT NULL,
    case_id     BIGINT REFERENCES exam_cases(id),
    created_at  TIMESTAMPTZ NOT NULL
);

-- Uploaded documents: written papers (kept two years after the last exam
-- performance, §12(1)), medical certificates (§9(2)) and other evidence
-- (§6(3)). Deleting a paper clears its content and keeps the row.
CREATE TABLE exam_documents (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    candidate_id  BIGINT NOT NULL REFERENCES exam_candidates(id) ON DELETE CASCADE,
    fact_id       BIGINT REFERENCES exam_facts(id),
    component_id  BIGINT REFERENCES exam_components(id),
    exam_day      DATE,
    kind          TEXT NOT NULL CHECK (kind IN ('paper', 'medical_certificate', 'evidence')),
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BYTEA,
    uploaded_by   BIGINT REFERENCES users(id),
    uploaded_at   TIMESTAMPTZ NOT NULL,
    deleted_at    TIMESTAMPTZ
);
CREATE INDEX exam_documents_candidate ON exam_documents (candidate_id);

-- Certificates (§10). A revoked certificate keeps its row (§11).
CREATE TABLE exam_certificates (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    candidate_id    BIGINT NOT NULL UNIQUE REFERENCES exam_candidates(id),
    code            TEXT NOT NULL UNIQUE,
    holder_name     TEXT NOT NULL,
    issued_on       DATE NOT NULL,
    overall_grade   TEXT NOT NULL,
    grades          TEXT NOT NULL,
    director_name   TEXT NOT NULL,
    leader_name     TEXT NOT NULL,
    revoked_on      DATE,
    revoke_reason   TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE exam_certificates;
DROP TABLE exam_documents;
DROP TABLE exam_delegations;
DROP TABLE exam_case_votes;
DROP TABLE exam_cases;
DROP TABLE exam_facts;
DROP TABLE exam_candidates;
DROP TABLE exam_dates;
DROP TABLE exam_component_parts;
DROP TABLE exam_components;
DROP TABLE exam_seminar_days;
DROP TABLE exam_seminars;
