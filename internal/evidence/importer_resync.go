package evidence

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// A resync reads the whole feed again into a staging directory beside the
// records and then swaps it in, so that the directory ends up holding
// exactly the server's live set: after a restore from a backup the server
// may have older revisions than the files (which apply would keep) and may
// lack records the files still hold (for which no tombstone will ever
// come). Until the swap the old records and the old state.json stay as
// they were; a run broken off before it just gets the refusal again and
// starts the resync anew.

const (
	stagingDir = ".resync"      // the feed read again, beside records/
	oldRecords = ".records-old" // records/ between the two renames of the swap
)

func (im *Importer) resync(ctx context.Context, st importState, before Summary) (Summary, error) {
	staging := filepath.Join(im.Dir, stagingDir)
	if err := os.RemoveAll(staging); err != nil {
		return before, fmt.Errorf("%s lässt sich nicht leeren: %w", staging, err)
	}
	fresh := *im
	fresh.Dir = staging
	sum, err := fresh.pull(ctx, false)
	sum.Pages += before.Pages
	sum.Resynced = true
	if err != nil {
		return sum, fmt.Errorf("Neuabgleich von Anfang an (der Server hat den gespeicherten Stand abgelehnt): %w", err)
	}
	got, err := readImportState(staging)
	if err != nil {
		return sum, err
	}
	if err := st.accepts(im.Dir, rawPage{Contract: got.Contract, Tenant: got.Tenant}); err != nil {
		os.RemoveAll(staging)
		return sum, err
	}
	kept, err := countRecordFiles(filepath.Join(staging, "records"))
	if err != nil {
		return sum, err
	}
	had, err := countRecordFiles(filepath.Join(im.Dir, "records"))
	if err != nil {
		return sum, err
	}
	if err := im.swapIn(staging, got); err != nil {
		return sum, err
	}
	sum.Unchanged = 0
	if had > kept {
		sum.Removed = had - kept
	}
	return sum, nil
}

// swapIn replaces records/ and state.json with the staged ones.
func (im *Importer) swapIn(staging string, got importState) error {
	records, old := filepath.Join(im.Dir, "records"), filepath.Join(im.Dir, oldRecords)
	if err := os.MkdirAll(filepath.Join(staging, "records"), 0o700); err != nil {
		return fmt.Errorf("Verzeichnis %s lässt sich nicht anlegen: %w", staging, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("%s lässt sich nicht löschen: %w", old, err)
	}
	if err := os.Rename(records, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s lässt sich nicht umbenennen: %w", records, err)
	}
	if err := os.Rename(filepath.Join(staging, "records"), records); err != nil {
		return fmt.Errorf("%s lässt sich nicht umbenennen: %w", staging, err)
	}
	syncDir(im.Dir)
	if err := writeImportState(im.Dir, got); err != nil {
		return err
	}
	os.RemoveAll(old)
	os.RemoveAll(staging)
	return nil
}

// countRecordFiles counts the record files under a records/ directory.
func countRecordFiles(records string) (int, error) {
	files, err := filepath.Glob(filepath.Join(records, "*", "*.json"))
	return len(files), err
}
