package evidence

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// importState is state.json: where the import in a directory stands.
type importState struct {
	Contract string `json:"contract"`
	Tenant   string `json:"tenant"`
	Cursor   string `json:"cursor"`
	// ETag belongs to the request since=Cursor when that request returned
	// nothing new; it lets the next run ask If-None-Match.
	ETag string `json:"etag,omitempty"`
}

const stateFile = "state.json"

// readImportState reads state.json; a directory without one starts at the
// beginning of the feed.
func readImportState(dir string) (importState, error) {
	var st importState
	raw, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, os.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("%s lässt sich nicht lesen: %w", filepath.Join(dir, stateFile), err)
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, fmt.Errorf("%s ist beschädigt (%v). Löschen Sie die Datei, dann holt der nächste Lauf den ganzen Feed neu", filepath.Join(dir, stateFile), err)
	}
	return st, nil
}

func writeImportState(dir string, st importState) error {
	raw, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFileAtomic(filepath.Join(dir, stateFile), append(raw, '\n')); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// accepts refuses a page the directory must not take: one of another
// municipality (a token of another town pointed at the same directory) or
// of another major version of the contract.
func (st importState) accepts(dir string, page rawPage) error {
	if !contractCompatible(page.Contract) {
		return fmt.Errorf("%w: der Server liefert den Vertrag %q, dieser Importer versteht %s", ErrBadFeed, page.Contract, Contract)
	}
	if !safeTenant(page.Tenant) {
		return fmt.Errorf("%w: der Feed nennt keine gültige Kommune (%q)", ErrBadFeed, page.Tenant)
	}
	if st.Tenant != "" && st.Tenant != page.Tenant {
		return fmt.Errorf("%w: Das Verzeichnis %s enthält die Nachweise der Kommune %s, der Zugangsschlüssel gehört aber zur Kommune %s. Bitte verwenden Sie für jede Kommune ein eigenes Verzeichnis",
			ErrOtherTenant, dir, st.Tenant, page.Tenant)
	}
	if st.Contract != "" && !contractCompatible(st.Contract) {
		return fmt.Errorf("%w: das Verzeichnis %s wurde mit dem Vertrag %q angelegt, der Server liefert %q", ErrOtherTenant, dir, st.Contract, page.Contract)
	}
	return nil
}

// contractCompatible accepts this contract and its minor versions
// ("training-evidence/1.2"), which only add fields.
func contractCompatible(c string) bool {
	return c == Contract || strings.HasPrefix(c, Contract+".")
}

func safeTenant(ags string) bool {
	if len(ags) != 8 {
		return false
	}
	for _, c := range ags {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// writeFileAtomic replaces path with data so that a reader, or a crash,
// sees the old file or the new one, never a part: a temporary file in the
// same directory, synced, then renamed over the old one.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("Verzeichnis %s lässt sich nicht anlegen: %w", dir, err)
	}
	tmp, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("in %s lässt sich keine Datei anlegen: %w", dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("%s lässt sich nicht schreiben: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("%s lässt sich nicht schreiben: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("%s lässt sich nicht schreiben: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("%s lässt sich nicht ersetzen: %w", path, err)
	}
	return nil
}

// syncDirs makes the renames and removals in dirs durable before the
// cursor moves past them.
func syncDirs(dirs map[string]bool) {
	for dir := range dirs {
		syncDir(dir)
	}
}

// syncDir flushes a directory's entries, as far as the system allows: some
// (Windows, some network file systems) cannot sync a directory, and there a
// rename is as durable as it gets. A lost rename only means a page fetched
// again, so a failure here is no reason to stop.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
