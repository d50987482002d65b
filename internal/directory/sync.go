package directory

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/wachsam/wachsam"
)

// SyncStore is what the directory sync needs from the database.
type SyncStore interface {
	DirectoryConfig(ctx context.Context, municipalityID int64) (*wachsam.DirectoryConfig, error)
	// ApplyDirectorySync compares people with the municipality's staff and,
	// unless dryRun, applies the plan in one transaction, audited.
	ApplyDirectorySync(ctx context.Context, actor wachsam.Actor, municipalityID int64, people []wachsam.DirectoryPerson, dryRun bool) (wachsam.DirectorySyncPlan, error)
	// RecordDirectorySyncFailure notes why a scheduled sync failed, for
	// the administrators' page.
	RecordDirectorySyncFailure(ctx context.Context, municipalityID int64, message string) error
}

// Syncer keeps a municipality's staff accounts in step with its directory.
type Syncer struct {
	Store     SyncStore
	Connector Connector
}

// Sync reads the directory and applies (or, on a dry run, only reports)
// what changes. An unreachable directory changes nothing.
func (s Syncer) Sync(ctx context.Context, actor wachsam.Actor, municipalityID int64, dryRun bool) (wachsam.DirectorySyncPlan, error) {
	cfg, err := s.Store.DirectoryConfig(ctx, municipalityID)
	if err != nil {
		return wachsam.DirectorySyncPlan{}, err
	}
	people, err := s.Connector.People(ctx, cfg)
	if err != nil {
		return wachsam.DirectorySyncPlan{}, err
	}
	return s.Store.ApplyDirectorySync(ctx, actor, municipalityID, people, dryRun)
}

// Handle runs a scheduled sync as a job (wachsam.DirectorySyncJob). A
// removed configuration gives the job up; an unreachable directory is
// retried by the runner.
func (s Syncer) Handle(ctx context.Context, payload []byte) error {
	var p wachsam.DirectorySyncPayload
	if err := json.Unmarshal(payload, &p); err != nil {
		return wachsam.Errorf(wachsam.EINVALID, "directory sync payload: %v", err)
	}
	_, err := s.Sync(ctx, wachsam.SystemActor("Verzeichnisabgleich"), p.MunicipalityID, false)
	if err != nil {
		// Nobody watches a scheduled sync: its page says why it failed.
		if code := wachsam.ErrorCodeOf(err); code == wachsam.EUNAVAILABLE || code == wachsam.ECONFLICT {
			if rerr := s.Store.RecordDirectorySyncFailure(ctx, p.MunicipalityID, wachsam.ErrorMessageOf(err)); rerr != nil {
				return rerr
			}
		}
		return fmt.Errorf("directory sync of municipality %d: %w", p.MunicipalityID, err)
	}
	return nil
}
