package evidence_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/wachsam/wachsam/internal/evidence"
)

// countingSource serves records from memory and counts the reads of each
// kind.
type countingSource struct {
	records map[evidence.Kind][]evidence.Record
	reads   map[evidence.Kind]int
	fail    evidence.Kind
}

func (s *countingSource) Records(_ context.Context, kind evidence.Kind, each func(evidence.Record) error) error {
	s.reads[kind]++
	if kind == s.fail {
		return errors.New("database gone")
	}
	for _, r := range s.records[kind] {
		if err := each(r); err != nil {
			return err
		}
	}
	return nil
}

func exportOf(t *testing.T, src evidence.ExportSource) ([]byte, evidence.Manifest, error) {
	t.Helper()
	var buf bytes.Buffer
	m, err := evidence.WriteZIP(context.Background(), &buf, evidence.Export{
		Tenant: "08425002", GeneratedAt: time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC), Source: src,
		Report: func(w io.Writer) error { _, err := io.WriteString(w, "%PDF-1.4 stand-in\n"); return err },
	})
	return buf.Bytes(), m, err
}

// The archive holds the CSVs, their spreadsheet twins, the report and the
// manifest last; the manifest's sizes, hashes and counts match the entries.
func TestZIPManifestDescribesEveryEntry(t *testing.T) {
	src := &countingSource{records: sampleRecords(t), reads: map[evidence.Kind]int{}}
	data, returned, err := exportOf(t, src)
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range z.File {
		names = append(names, f.Name)
	}
	want := []string{"programme.csv", "sessions.csv", "attendance.csv", "coverage.csv",
		"semikolon/programme.csv", "semikolon/sessions.csv", "semikolon/attendance.csv", "semikolon/coverage.csv",
		"bericht.pdf", "manifest.json"}
	if !slices.Equal(names, want) {
		t.Fatalf("entries %q, want %q", names, want)
	}
	var m evidence.Manifest
	if err := json.Unmarshal(zipEntry(t, z.File[len(z.File)-1]), &m); err != nil {
		t.Fatal(err)
	}
	if m.Contract != evidence.Contract || m.Tenant != "08425002" || !m.GeneratedAt.Equal(time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("manifest head %+v", m)
	}
	if len(m.Files) != len(want)-1 {
		t.Fatalf("manifest lists %d files", len(m.Files))
	}
	for i, f := range m.Files {
		body := zipEntry(t, z.File[i])
		sum := sha256.Sum256(body)
		if f.Name != want[i] || f.Bytes != int64(len(body)) || f.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("manifest %+v does not match entry %s (%d bytes)", f, z.File[i].Name, len(body))
		}
	}
	records := map[string]int{"programme.csv": 1, "sessions.csv": 1, "attendance.csv": 2, "coverage.csv": 1}
	for _, f := range m.Files {
		name := filepath.Base(f.Name)
		if name == evidence.ReportName {
			if f.Records != nil {
				t.Errorf("the report counts records: %+v", f)
			}
			continue
		}
		if f.Records == nil || *f.Records != records[name] {
			t.Errorf("%s: records %v, want %d", f.Name, f.Records, records[name])
		}
	}
	for _, kind := range evidence.Kinds {
		if src.reads[kind] != 2 {
			t.Errorf("%s read %d times, want once per flavour", kind, src.reads[kind])
		}
	}
	if len(returned.Files) != len(m.Files) || returned.Files[3].SHA256 != m.Files[3].SHA256 {
		t.Errorf("returned manifest differs from the written one")
	}
	again, _, _ := exportOf(t, &countingSource{records: sampleRecords(t), reads: map[evidence.Kind]int{}})
	if !bytes.Equal(data, again) {
		t.Errorf("the same records give a different archive")
	}
}

// The archive opens with Info-ZIP's unzip, as an auditor would.
func TestZIPUnzips(t *testing.T) {
	bin, err := exec.LookPath("unzip")
	if err != nil {
		t.Skip("unzip not installed")
	}
	data, _, err := exportOf(t, &countingSource{records: sampleRecords(t), reads: map[evidence.Kind]int{}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "nachweise.zip")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-t", path).CombinedOutput(); err != nil {
		t.Fatalf("unzip -t: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "-q", path, "-d", dir).CombinedOutput(); err != nil {
		t.Fatalf("unzip: %v\n%s", err, out)
	}
	sheet, err := os.ReadFile(filepath.Join(dir, "semikolon", "coverage.csv"))
	if err != nil || !bytes.HasPrefix(sheet, []byte("\uFEFFrecord_id;")) {
		t.Fatalf("semikolon/coverage.csv: %v %q", err, sheet)
	}
}

// A source that fails stops the export with its error.
func TestZIPStopsWhenTheSourceFails(t *testing.T) {
	src := &countingSource{records: sampleRecords(t), reads: map[evidence.Kind]int{}, fail: evidence.KindAttendance}
	if _, _, err := exportOf(t, src); err == nil {
		t.Fatal("export succeeded without attendance")
	}
	if src.reads[evidence.KindCoverage] != 0 {
		t.Errorf("the export went on after the failure")
	}
}

func zipEntry(t *testing.T, f *zip.File) []byte {
	t.Helper()
	r, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	body, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return body
}
