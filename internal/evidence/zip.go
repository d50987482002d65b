package evidence

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"io"
	"time"
)

// ExportSource hands the live records of one kind to each, in a stable
// order. An export reads every kind twice (once per CSV flavour), so the
// records are streamed, never held.
type ExportSource interface {
	Records(ctx context.Context, kind Kind, each func(Record) error) error
}

// Snapshot is one consistent state of a municipality's evidence: its
// records and the report on them, read at the same moment, so that an
// export's CSVs, report and manifest agree.
type Snapshot interface {
	ExportSource
	Report(ctx context.Context) (Report, error)
}

// SourceFunc lets a function be an ExportSource.
type SourceFunc func(ctx context.Context, kind Kind, each func(Record) error) error

// Records calls f.
func (f SourceFunc) Records(ctx context.Context, kind Kind, each func(Record) error) error {
	return f(ctx, kind, each)
}

// Export is what a ZIP export of one municipality is made of.
type Export struct {
	Tenant      string    // the municipality's AGS
	GeneratedAt time.Time // written to the manifest and as every entry's time
	Source      ExportSource
	// Report writes the auditor's PDF; nil leaves bericht.pdf out.
	Report func(io.Writer) error
	// Sheet starts the spreadsheets under tabellen/; nil leaves them out.
	Sheet NewSheet
}

// Manifest is manifest.json, the last entry of the ZIP: what the archive
// holds, so a recipient can check that nothing was changed or lost.
type Manifest struct {
	Contract    string         `json:"contract"`
	Tenant      string         `json:"tenant"`
	GeneratedAt time.Time      `json:"generated_at"`
	Files       []ManifestFile `json:"files"`
}

// ManifestFile is one entry of the ZIP. Records is the number of records
// in a CSV file; the report has none.
type ManifestFile struct {
	Name    string `json:"name"`
	Bytes   int64  `json:"bytes"`
	SHA256  string `json:"sha256"` // hex, of the uncompressed bytes
	Records *int   `json:"records,omitempty"`
}

// Names of the entries.
const (
	SpreadsheetDir = "semikolon/"
	ReportName     = "bericht.pdf"
	ManifestName   = "manifest.json"
)

// CSVName is the file name of kind's CSV: programme.csv, sessions.csv,
// attendance.csv, coverage.csv.
func CSVName(kind Kind) string {
	switch kind {
	case KindSession:
		return "sessions.csv"
	}
	return string(kind) + ".csv"
}

// WriteZIP streams the export to w: the four CSV files (RFC 4180), the
// same again for spreadsheets under semikolon/, the same as XLSX with
// typed cells under tabellen/, the report, and
// manifest.json last with each file's size, SHA-256 and record count. Each
// file is hashed while it is written, so memory stays flat however many
// records there are. It returns the manifest it wrote.
//
// An error leaves w with an incomplete archive; a caller that has already
// sent bytes must break the connection rather than let it pass for a whole
// one.
func WriteZIP(ctx context.Context, w io.Writer, e Export) (Manifest, error) {
	m := Manifest{Contract: Contract, Tenant: e.Tenant, GeneratedAt: e.GeneratedAt.UTC(), Files: []ManifestFile{}}
	z := zip.NewWriter(w)
	for _, flavour := range []CSVFlavour{CSVStandard, CSVSpreadsheet} {
		for _, kind := range Kinds {
			name := CSVName(kind)
			if flavour == CSVSpreadsheet {
				name = SpreadsheetDir + name
			}
			var n int
			f, err := writeEntry(z, name, e.GeneratedAt, func(out io.Writer) error {
				var err error
				n, err = writeCSV(ctx, out, e.Source, kind, flavour)
				return err
			})
			if err != nil {
				return m, err
			}
			f.Records = &n
			m.Files = append(m.Files, f)
		}
	}
	if e.Sheet != nil {
		for _, kind := range Kinds {
			var n int
			f, err := writeEntry(z, SheetDir+SheetName(kind), e.GeneratedAt, func(out io.Writer) error {
				var err error
				n, err = writeSheet(ctx, out, e.Source, kind, e.Sheet)
				return err
			})
			if err != nil {
				return m, err
			}
			f.Records = &n
			m.Files = append(m.Files, f)
		}
	}
	if e.Report != nil {
		f, err := writeEntry(z, ReportName, e.GeneratedAt, e.Report)
		if err != nil {
			return m, err
		}
		m.Files = append(m.Files, f)
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if _, err := writeEntry(z, ManifestName, e.GeneratedAt, func(out io.Writer) error {
		_, err := out.Write(append(body, '\n'))
		return err
	}); err != nil {
		return m, err
	}
	return m, z.Close()
}

// writeCSV writes one kind's CSV and returns how many records it holds.
func writeCSV(ctx context.Context, out io.Writer, src ExportSource, kind Kind, flavour CSVFlavour) (int, error) {
	c, err := NewCSVWriter(out, kind, flavour)
	if err != nil {
		return 0, err
	}
	if err := src.Records(ctx, kind, c.Write); err != nil {
		return 0, err
	}
	return c.Records(), c.Flush()
}

// writeEntry adds one compressed entry and hashes and counts what fill
// writes into it on the way.
func writeEntry(z *zip.Writer, name string, modified time.Time, fill func(io.Writer) error) (ManifestFile, error) {
	entry, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return ManifestFile{}, err
	}
	sum := &digest{h: sha256.New()}
	if err := fill(io.MultiWriter(entry, sum)); err != nil {
		return ManifestFile{}, fmt.Errorf("evidence: %s: %w", name, err)
	}
	return ManifestFile{Name: name, Bytes: sum.n, SHA256: hex.EncodeToString(sum.h.Sum(nil))}, nil
}

// digest hashes and counts the bytes written to it.
type digest struct {
	h hash.Hash
	n int64
}

func (d *digest) Write(p []byte) (int, error) {
	d.n += int64(len(p))
	return d.h.Write(p)
}
