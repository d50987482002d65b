-- +goose Up
-- The change marker of the evidence feed (issue 16): the triggers below
-- note "this town's records may have changed" in the transaction of every
-- change to the data the records are derived from, whichever code makes
-- it; see the PostgreSQL migration for the design. SQLite has row
-- triggers only; a note already waiting for the town is enough, so a
-- trigger adds none while one is there. That is exact here because SQLite
-- has one writer at a time: no refresh can consume the note between the
-- check and the commit of the change.
CREATE TABLE evidence_changes (
    municipality_id  INTEGER NOT NULL
);
CREATE INDEX evidence_changes_municipality ON evidence_changes (municipality_id);

-- The end of what the last refresh derived (next midnight or next session
-- start); NULL: never derived.
ALTER TABLE evidence_tenants ADD COLUMN derived_until TIMESTAMP;
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_topics_insert AFTER INSERT ON topics
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT m.id FROM municipalities m
        WHERE NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = m.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_topics_update AFTER UPDATE ON topics
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT m.id FROM municipalities m
        WHERE NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = m.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_topics_delete AFTER DELETE ON topics
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT m.id FROM municipalities m
        WHERE NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = m.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_municipalities_insert AFTER INSERT ON municipalities
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT m.id FROM municipalities m
        WHERE NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = m.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_municipalities_update AFTER UPDATE ON municipalities
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT m.id FROM municipalities m
        WHERE NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = m.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_municipalities_delete AFTER DELETE ON municipalities
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT m.id FROM municipalities m
        WHERE NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = m.id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_training_programmes_insert AFTER INSERT ON training_programmes
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_training_programmes_update AFTER UPDATE ON training_programmes
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_training_programmes_delete AFTER DELETE ON training_programmes
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_training_audiences_insert AFTER INSERT ON training_audiences
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_training_audiences_update AFTER UPDATE ON training_audiences
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_training_audiences_delete AFTER DELETE ON training_audiences
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_departments_insert AFTER INSERT ON departments
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_departments_update AFTER UPDATE ON departments
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_departments_delete AFTER DELETE ON departments
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_round_municipalities_insert AFTER INSERT ON round_municipalities
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_round_municipalities_update AFTER UPDATE ON round_municipalities
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_round_municipalities_delete AFTER DELETE ON round_municipalities
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_evidence_tenants_update AFTER UPDATE OF show_names, pseudonym_key ON evidence_tenants
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_users_insert AFTER INSERT ON users
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_users_delete AFTER DELETE ON users
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_users_update AFTER UPDATE OF name, email, municipality_id, department_id, disabled ON users
WHEN OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email OR OLD.municipality_id IS NOT NEW.municipality_id
      OR OLD.department_id IS NOT NEW.department_id OR OLD.disabled IS NOT NEW.disabled
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_bookings_insert AFTER INSERT ON bookings
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_bookings_delete AFTER DELETE ON bookings
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_bookings_update AFTER UPDATE OF session_id, municipality_id, cancelled_at ON bookings
WHEN OLD.session_id IS NOT NEW.session_id OR OLD.municipality_id IS NOT NEW.municipality_id
      OR OLD.cancelled_at IS NOT NEW.cancelled_at
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT OLD.municipality_id
        WHERE OLD.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = OLD.municipality_id);
    INSERT INTO evidence_changes (municipality_id) SELECT NEW.municipality_id
        WHERE NEW.municipality_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence_changes WHERE municipality_id = NEW.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_attendance_insert AFTER INSERT ON attendance
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = NEW.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_attendance_update AFTER UPDATE ON attendance
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = OLD.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = NEW.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_attendance_delete AFTER DELETE ON attendance
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = OLD.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_user_roles_insert AFTER INSERT ON user_roles
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = NEW.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_user_roles_update AFTER UPDATE ON user_roles
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = OLD.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = NEW.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_user_roles_delete AFTER DELETE ON user_roles
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = OLD.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_completions_insert AFTER INSERT ON completions
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = NEW.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_completions_update AFTER UPDATE OF user_id, topic_id, session_id, completed_on ON completions
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = OLD.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = NEW.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_completions_delete AFTER DELETE ON completions
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT u.municipality_id FROM users u
        WHERE u.id = OLD.user_id AND u.municipality_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = u.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_rounds_update AFTER UPDATE ON rounds
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT rm.municipality_id FROM round_municipalities rm
        WHERE rm.round_id = OLD.id
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = rm.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_rounds_delete AFTER DELETE ON rounds
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT rm.municipality_id FROM round_municipalities rm
        WHERE rm.round_id = OLD.id
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = rm.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_course_sessions_insert AFTER INSERT ON course_sessions
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT rm.municipality_id FROM round_municipalities rm
        WHERE rm.round_id = NEW.round_id
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = rm.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_course_sessions_update AFTER UPDATE ON course_sessions
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT rm.municipality_id FROM round_municipalities rm
        WHERE rm.round_id = OLD.round_id
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = rm.municipality_id);
    INSERT INTO evidence_changes (municipality_id) SELECT rm.municipality_id FROM round_municipalities rm
        WHERE rm.round_id = NEW.round_id
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = rm.municipality_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER evidence_changed_course_sessions_delete AFTER DELETE ON course_sessions
BEGIN
    INSERT INTO evidence_changes (municipality_id) SELECT rm.municipality_id FROM round_municipalities rm
        WHERE rm.round_id = OLD.round_id
        AND NOT EXISTS (SELECT 1 FROM evidence_changes c WHERE c.municipality_id = rm.municipality_id);
END;
-- +goose StatementEnd
-- Every town derives its records once more after the upgrade.
INSERT INTO evidence_changes (municipality_id) SELECT municipality_id FROM evidence_tenants;

-- +goose Down
DROP TRIGGER evidence_changed_course_sessions_delete;
DROP TRIGGER evidence_changed_course_sessions_update;
DROP TRIGGER evidence_changed_course_sessions_insert;
DROP TRIGGER evidence_changed_rounds_delete;
DROP TRIGGER evidence_changed_rounds_update;
DROP TRIGGER evidence_changed_completions_delete;
DROP TRIGGER evidence_changed_completions_update;
DROP TRIGGER evidence_changed_completions_insert;
DROP TRIGGER evidence_changed_user_roles_delete;
DROP TRIGGER evidence_changed_user_roles_update;
DROP TRIGGER evidence_changed_user_roles_insert;
DROP TRIGGER evidence_changed_attendance_delete;
DROP TRIGGER evidence_changed_attendance_update;
DROP TRIGGER evidence_changed_attendance_insert;
DROP TRIGGER evidence_changed_bookings_update;
DROP TRIGGER evidence_changed_bookings_delete;
DROP TRIGGER evidence_changed_bookings_insert;
DROP TRIGGER evidence_changed_users_update;
DROP TRIGGER evidence_changed_users_delete;
DROP TRIGGER evidence_changed_users_insert;
DROP TRIGGER evidence_changed_evidence_tenants_update;
DROP TRIGGER evidence_changed_round_municipalities_delete;
DROP TRIGGER evidence_changed_round_municipalities_update;
DROP TRIGGER evidence_changed_round_municipalities_insert;
DROP TRIGGER evidence_changed_departments_delete;
DROP TRIGGER evidence_changed_departments_update;
DROP TRIGGER evidence_changed_departments_insert;
DROP TRIGGER evidence_changed_training_audiences_delete;
DROP TRIGGER evidence_changed_training_audiences_update;
DROP TRIGGER evidence_changed_training_audiences_insert;
DROP TRIGGER evidence_changed_training_programmes_delete;
DROP TRIGGER evidence_changed_training_programmes_update;
DROP TRIGGER evidence_changed_training_programmes_insert;
DROP TRIGGER evidence_changed_municipalities_delete;
DROP TRIGGER evidence_changed_municipalities_update;
DROP TRIGGER evidence_changed_municipalities_insert;
DROP TRIGGER evidence_changed_topics_delete;
DROP TRIGGER evidence_changed_topics_update;
DROP TRIGGER evidence_changed_topics_insert;
ALTER TABLE evidence_tenants DROP COLUMN derived_until;
DROP TABLE evidence_changes;
