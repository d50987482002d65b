-- +goose Up
-- Every text a person types and every number they enter has a bound
-- (issue 13 §3). The domain checks them first, with a German message naming
-- the field (wachsam.CheckLine, CheckText, CheckRange, CheckCents); these
-- checks are the backstop, so that no path that forgets the domain check
-- can store a 100 kB title or 2^62 cents, and both databases refuse the
-- same values. docs/limits.md lists the bounds; the numbers here must match
-- the constants in input.go, courses/round.go and date.go.
-- PostgreSQL: one CHECK constraint per table, NOT VALID so that a database
-- holding older, longer values still migrates; new and changed rows are
-- checked. (A later migration can VALIDATE them once old data is cleaned.)

ALTER TABLE municipalities ADD CONSTRAINT municipalities_bounds CHECK (
    char_length(name) <= 200
    AND population BETWEEN 0 AND 10000000
) NOT VALID;

ALTER TABLE departments ADD CONSTRAINT departments_bounds CHECK (
    char_length(name) <= 200
) NOT VALID;

ALTER TABLE users ADD CONSTRAINT users_bounds CHECK (
    char_length(email) <= 254
    AND char_length(name) <= 200
    AND char_length(staff_number) <= 40
) NOT VALID;

ALTER TABLE topics ADD CONSTRAINT topics_bounds CHECK (
    char_length(name) <= 200
) NOT VALID;

ALTER TABLE rounds ADD CONSTRAINT rounds_bounds CHECK (
    char_length(name) <= 200
    AND cost_cents BETWEEN 0 AND 1000000000
    AND cancellation_lead_minutes BETWEEN 0 AND 527040
    AND offer_ttl_minutes BETWEEN 0 AND 527040
) NOT VALID;

ALTER TABLE course_sessions ADD CONSTRAINT course_sessions_bounds CHECK (
    char_length(location) <= 300
    AND capacity BETWEEN 1 AND 10000
) NOT VALID;

ALTER TABLE exam_seminars ADD CONSTRAINT exam_seminars_bounds CHECK (
    char_length(title) <= 200
    AND char_length(leader_name) <= 200
    AND exam_fee_cents BETWEEN 0 AND 10000000
    AND retake_fee_cents BETWEEN 0 AND 10000000
) NOT VALID;

ALTER TABLE exam_components ADD CONSTRAINT exam_components_bounds CHECK (
    char_length(code) <= 40
    AND char_length(name) <= 200
) NOT VALID;

ALTER TABLE exam_component_parts ADD CONSTRAINT exam_component_parts_bounds CHECK (
    char_length(code) <= 40
    AND char_length(name) <= 200
) NOT VALID;

ALTER TABLE exam_dates ADD CONSTRAINT exam_dates_bounds CHECK (
    char_length(place) <= 300
) NOT VALID;

ALTER TABLE exam_facts ADD CONSTRAINT exam_facts_bounds CHECK (
    char_length(note) <= 20000
) NOT VALID;

ALTER TABLE exam_cases ADD CONSTRAINT exam_cases_bounds CHECK (
    char_length(summary) <= 4000
) NOT VALID;

ALTER TABLE exam_case_votes ADD CONSTRAINT exam_case_votes_bounds CHECK (
    char_length(comment) <= 2000
) NOT VALID;

ALTER TABLE exam_documents ADD CONSTRAINT exam_documents_bounds CHECK (
    char_length(filename) <= 255
    AND char_length(content_type) <= 100
) NOT VALID;

ALTER TABLE exam_certificates ADD CONSTRAINT exam_certificates_bounds CHECK (
    char_length(holder_name) <= 200
    AND char_length(director_name) <= 200
    AND char_length(leader_name) <= 200
    AND char_length(revoke_reason) <= 20000
) NOT VALID;

ALTER TABLE training_programmes ADD CONSTRAINT training_programmes_bounds CHECK (
    char_length(title) <= 200
    AND char_length(approved_by) <= 200
    AND char_length(notes) <= 4000
) NOT VALID;

ALTER TABLE evidence_tokens ADD CONSTRAINT evidence_tokens_bounds CHECK (
    char_length(name) <= 100
) NOT VALID;

-- +goose Down
ALTER TABLE municipalities DROP CONSTRAINT municipalities_bounds;
ALTER TABLE departments DROP CONSTRAINT departments_bounds;
ALTER TABLE users DROP CONSTRAINT users_bounds;
ALTER TABLE topics DROP CONSTRAINT topics_bounds;
ALTER TABLE rounds DROP CONSTRAINT rounds_bounds;
ALTER TABLE course_sessions DROP CONSTRAINT course_sessions_bounds;
ALTER TABLE exam_seminars DROP CONSTRAINT exam_seminars_bounds;
ALTER TABLE exam_components DROP CONSTRAINT exam_components_bounds;
ALTER TABLE exam_component_parts DROP CONSTRAINT exam_component_parts_bounds;
ALTER TABLE exam_dates DROP CONSTRAINT exam_dates_bounds;
ALTER TABLE exam_facts DROP CONSTRAINT exam_facts_bounds;
ALTER TABLE exam_cases DROP CONSTRAINT exam_cases_bounds;
ALTER TABLE exam_case_votes DROP CONSTRAINT exam_case_votes_bounds;
ALTER TABLE exam_documents DROP CONSTRAINT exam_documents_bounds;
ALTER TABLE exam_certificates DROP CONSTRAINT exam_certificates_bounds;
ALTER TABLE training_programmes DROP CONSTRAINT training_programmes_bounds;
ALTER TABLE evidence_tokens DROP CONSTRAINT evidence_tokens_bounds;
