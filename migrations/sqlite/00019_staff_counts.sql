-- +goose Up
-- The quota bases of every round (issue 16): how many active members of
-- staff each municipality and department has, kept by triggers in the
-- transaction of every change to staff (see the PostgreSQL migration for
-- why). department_id 0 is "no department".
CREATE TABLE staff_counts (
    municipality_id  INTEGER NOT NULL,
    department_id    INTEGER NOT NULL,
    staff            INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, department_id)
);

INSERT INTO staff_counts (municipality_id, department_id, staff)
SELECT u.municipality_id, coalesce(u.department_id, 0), count(*)
FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'staff'
WHERE u.municipality_id IS NOT NULL AND NOT u.disabled
GROUP BY u.municipality_id, coalesce(u.department_id, 0);

-- +goose StatementBegin
CREATE TRIGGER staff_counts_role_insert AFTER INSERT ON user_roles
WHEN NEW.role = 'staff'
BEGIN
    INSERT OR IGNORE INTO staff_counts (municipality_id, department_id, staff)
        SELECT municipality_id, coalesce(department_id, 0), 0 FROM users
        WHERE id = NEW.user_id AND municipality_id IS NOT NULL AND NOT disabled;
    UPDATE staff_counts SET staff = staff + 1
    WHERE (municipality_id, department_id) IN (SELECT municipality_id, coalesce(department_id, 0) FROM users
        WHERE id = NEW.user_id AND municipality_id IS NOT NULL AND NOT disabled);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER staff_counts_role_delete AFTER DELETE ON user_roles
WHEN OLD.role = 'staff'
BEGIN
    UPDATE staff_counts SET staff = staff - 1
    WHERE (municipality_id, department_id) IN (SELECT municipality_id, coalesce(department_id, 0) FROM users
        WHERE id = OLD.user_id AND municipality_id IS NOT NULL AND NOT disabled);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER staff_counts_role_update AFTER UPDATE OF role ON user_roles
WHEN (OLD.role = 'staff') <> (NEW.role = 'staff')
BEGIN
    INSERT OR IGNORE INTO staff_counts (municipality_id, department_id, staff)
        SELECT municipality_id, coalesce(department_id, 0), 0 FROM users
        WHERE id = NEW.user_id AND municipality_id IS NOT NULL AND NOT disabled;
    UPDATE staff_counts SET staff = staff + (CASE WHEN NEW.role = 'staff' THEN 1 ELSE -1 END)
    WHERE (municipality_id, department_id) IN (SELECT municipality_id, coalesce(department_id, 0) FROM users
        WHERE id = NEW.user_id AND municipality_id IS NOT NULL AND NOT disabled);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER staff_counts_user AFTER UPDATE OF municipality_id, department_id, disabled ON users
WHEN (OLD.municipality_id IS NOT NEW.municipality_id OR OLD.department_id IS NOT NEW.department_id
      OR OLD.disabled IS NOT NEW.disabled)
  AND EXISTS (SELECT 1 FROM user_roles WHERE user_id = NEW.id AND role = 'staff')
BEGIN
    UPDATE staff_counts SET staff = staff - 1
    WHERE OLD.municipality_id IS NOT NULL AND NOT OLD.disabled
      AND municipality_id = OLD.municipality_id AND department_id = coalesce(OLD.department_id, 0);
    INSERT OR IGNORE INTO staff_counts (municipality_id, department_id, staff)
        SELECT NEW.municipality_id, coalesce(NEW.department_id, 0), 0
        WHERE NEW.municipality_id IS NOT NULL AND NOT NEW.disabled;
    UPDATE staff_counts SET staff = staff + 1
    WHERE NEW.municipality_id IS NOT NULL AND NOT NEW.disabled
      AND municipality_id = NEW.municipality_id AND department_id = coalesce(NEW.department_id, 0);
END;
-- +goose StatementEnd

-- An account deleted: its roles go first, while the account still tells
-- which town and department to count down.
-- +goose StatementBegin
CREATE TRIGGER staff_counts_user_delete BEFORE DELETE ON users
BEGIN
    DELETE FROM user_roles WHERE user_id = OLD.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER staff_counts_user_delete;
DROP TRIGGER staff_counts_user;
DROP TRIGGER staff_counts_role_update;
DROP TRIGGER staff_counts_role_delete;
DROP TRIGGER staff_counts_role_insert;
DROP TABLE staff_counts;
