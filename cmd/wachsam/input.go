package main

import (
	"encoding/json"
	"io"
	"os"
)

// openInput opens the file a command reads, "-" meaning standard input.
// The returned close function is safe to call in both cases.
func openInput(name string, s streams) (io.Reader, func(), error) {
	if name == "-" {
		return s.in, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// writeIndentedJSON prints a command's result for people and programs alike.
func writeIndentedJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
