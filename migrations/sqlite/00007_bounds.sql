-- +goose Up
-- Every text a person types and every number they enter has a bound
-- (issue 13 §3). The domain checks them first, with a German message naming
-- the field (wachsam.CheckLine, CheckText, CheckRange, CheckCents); these
-- checks are the backstop, so that no path that forgets the domain check
-- can store a 100 kB title or 2^62 cents, and both databases refuse the
-- same values. docs/limits.md lists the bounds; the numbers here must match
-- the constants in input.go, courses/round.go and date.go.
-- SQLite cannot add a CHECK constraint to an existing table, so a BEFORE
-- INSERT and a BEFORE UPDATE trigger per table refuse a row out of bounds
-- with the same message text as a failed CHECK, which internal/store
-- translates into a domain error. length() counts characters, as
-- char_length() does on PostgreSQL.

-- +goose StatementBegin
CREATE TRIGGER municipalities_bounds_insert BEFORE INSERT ON municipalities
WHEN length(NEW.name) > 200
  OR NEW.population NOT BETWEEN 0 AND 10000000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: municipalities_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER municipalities_bounds_update BEFORE UPDATE ON municipalities
WHEN length(NEW.name) > 200
  OR NEW.population NOT BETWEEN 0 AND 10000000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: municipalities_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER departments_bounds_insert BEFORE INSERT ON departments
WHEN length(NEW.name) > 200
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: departments_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER departments_bounds_update BEFORE UPDATE ON departments
WHEN length(NEW.name) > 200
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: departments_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER users_bounds_insert BEFORE INSERT ON users
WHEN length(NEW.email) > 254
  OR length(NEW.name) > 200
  OR length(NEW.staff_number) > 40
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: users_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER users_bounds_update BEFORE UPDATE ON users
WHEN length(NEW.email) > 254
  OR length(NEW.name) > 200
  OR length(NEW.staff_number) > 40
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: users_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER topics_bounds_insert BEFORE INSERT ON topics
WHEN length(NEW.name) > 200
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: topics_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER topics_bounds_update BEFORE UPDATE ON topics
WHEN length(NEW.name) > 200
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: topics_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER rounds_bounds_insert BEFORE INSERT ON rounds
WHEN length(NEW.name) > 200
  OR NEW.cost_cents NOT BETWEEN 0 AND 1000000000
  OR NEW.cancellation_lead_minutes NOT BETWEEN 0 AND 527040
  OR NEW.offer_ttl_minutes NOT BETWEEN 0 AND 527040
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: rounds_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER rounds_bounds_update BEFORE UPDATE ON rounds
WHEN length(NEW.name) > 200
  OR NEW.cost_cents NOT BETWEEN 0 AND 1000000000
  OR NEW.cancellation_lead_minutes NOT BETWEEN 0 AND 527040
  OR NEW.offer_ttl_minutes NOT BETWEEN 0 AND 527040
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: rounds_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER course_sessions_bounds_insert BEFORE INSERT ON course_sessions
WHEN length(NEW.location) > 300
  OR NEW.capacity NOT BETWEEN 1 AND 10000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: course_sessions_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER course_sessions_bounds_update BEFORE UPDATE ON course_sessions
WHEN length(NEW.location) > 300
  OR NEW.capacity NOT BETWEEN 1 AND 10000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: course_sessions_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_seminars_bounds_insert BEFORE INSERT ON exam_seminars
WHEN length(NEW.title) > 200
  OR length(NEW.leader_name) > 200
  OR NEW.exam_fee_cents NOT BETWEEN 0 AND 10000000
  OR NEW.retake_fee_cents NOT BETWEEN 0 AND 10000000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_seminars_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_seminars_bounds_update BEFORE UPDATE ON exam_seminars
WHEN length(NEW.title) > 200
  OR length(NEW.leader_name) > 200
  OR NEW.exam_fee_cents NOT BETWEEN 0 AND 10000000
  OR NEW.retake_fee_cents NOT BETWEEN 0 AND 10000000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_seminars_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_components_bounds_insert BEFORE INSERT ON exam_components
WHEN length(NEW.code) > 40
  OR length(NEW.name) > 200
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_components_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_components_bounds_update BEFORE UPDATE ON exam_components
WHEN length(NEW.code) > 40
  OR length(NEW.name) > 200
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_components_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_component_parts_bounds_insert BEFORE INSERT ON exam_component_parts
WHEN length(NEW.code) > 40
  OR length(NEW.name) > 200
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_component_parts_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_component_parts_bounds_update BEFORE UPDATE ON exam_component_parts
WHEN length(NEW.code) > 40
  OR length(NEW.name) > 200
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_component_parts_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_dates_bounds_insert BEFORE INSERT ON exam_dates
WHEN length(NEW.place) > 300
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_dates_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_dates_bounds_update BEFORE UPDATE ON exam_dates
WHEN length(NEW.place) > 300
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_dates_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_facts_bounds_insert BEFORE INSERT ON exam_facts
WHEN length(NEW.note) > 20000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_facts_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_facts_bounds_update BEFORE UPDATE ON exam_facts
WHEN length(NEW.note) > 20000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_facts_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_cases_bounds_insert BEFORE INSERT ON exam_cases
WHEN length(NEW.summary) > 4000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_cases_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_cases_bounds_update BEFORE UPDATE ON exam_cases
WHEN length(NEW.summary) > 4000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_cases_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_case_votes_bounds_insert BEFORE INSERT ON exam_case_votes
WHEN length(NEW.comment) > 2000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_case_votes_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_case_votes_bounds_update BEFORE UPDATE ON exam_case_votes
WHEN length(NEW.comment) > 2000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_case_votes_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_documents_bounds_insert BEFORE INSERT ON exam_documents
WHEN length(NEW.filename) > 255
  OR length(NEW.content_type) > 100
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_documents_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_documents_bounds_update BEFORE UPDATE ON exam_documents
WHEN length(NEW.filename) > 255
  OR length(NEW.content_type) > 100
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_documents_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_certificates_bounds_insert BEFORE INSERT ON exam_certificates
WHEN length(NEW.holder_name) > 200
  OR length(NEW.director_name) > 200
  OR length(NEW.leader_name) > 200
  OR length(NEW.revoke_reason) > 20000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_certificates_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER exam_certificates_bounds_update BEFORE UPDATE ON exam_certificates
WHEN length(NEW.holder_name) > 200
  OR length(NEW.director_name) > 200
  OR length(NEW.leader_name) > 200
  OR length(NEW.revoke_reason) > 20000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: exam_certificates_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER training_programmes_bounds_insert BEFORE INSERT ON training_programmes
WHEN length(NEW.title) > 200
  OR length(NEW.approved_by) > 200
  OR length(NEW.notes) > 4000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: training_programmes_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER training_programmes_bounds_update BEFORE UPDATE ON training_programmes
WHEN length(NEW.title) > 200
  OR length(NEW.approved_by) > 200
  OR length(NEW.notes) > 4000
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: training_programmes_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER evidence_tokens_bounds_insert BEFORE INSERT ON evidence_tokens
WHEN length(NEW.name) > 100
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: evidence_tokens_bounds');
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER evidence_tokens_bounds_update BEFORE UPDATE ON evidence_tokens
WHEN length(NEW.name) > 100
BEGIN
    SELECT RAISE(ABORT, 'CHECK constraint failed: evidence_tokens_bounds');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER municipalities_bounds_insert;
DROP TRIGGER municipalities_bounds_update;
DROP TRIGGER departments_bounds_insert;
DROP TRIGGER departments_bounds_update;
DROP TRIGGER users_bounds_insert;
DROP TRIGGER users_bounds_update;
DROP TRIGGER topics_bounds_insert;
DROP TRIGGER topics_bounds_update;
DROP TRIGGER rounds_bounds_insert;
DROP TRIGGER rounds_bounds_update;
DROP TRIGGER course_sessions_bounds_insert;
DROP TRIGGER course_sessions_bounds_update;
DROP TRIGGER exam_seminars_bounds_insert;
DROP TRIGGER exam_seminars_bounds_update;
DROP TRIGGER exam_components_bounds_insert;
DROP TRIGGER exam_components_bounds_update;
DROP TRIGGER exam_component_parts_bounds_insert;
DROP TRIGGER exam_component_parts_bounds_update;
DROP TRIGGER exam_dates_bounds_insert;
DROP TRIGGER exam_dates_bounds_update;
DROP TRIGGER exam_facts_bounds_insert;
DROP TRIGGER exam_facts_bounds_update;
DROP TRIGGER exam_cases_bounds_insert;
DROP TRIGGER exam_cases_bounds_update;
DROP TRIGGER exam_case_votes_bounds_insert;
DROP TRIGGER exam_case_votes_bounds_update;
DROP TRIGGER exam_documents_bounds_insert;
DROP TRIGGER exam_documents_bounds_update;
DROP TRIGGER exam_certificates_bounds_insert;
DROP TRIGGER exam_certificates_bounds_update;
DROP TRIGGER training_programmes_bounds_insert;
DROP TRIGGER training_programmes_bounds_update;
DROP TRIGGER evidence_tokens_bounds_insert;
DROP TRIGGER evidence_tokens_bounds_update;
