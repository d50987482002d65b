package wachsam

import (
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxFilenameLen bounds the stem of a stored file name, in characters;
// with the extension it stays below the 255 of common file systems and of
// migration 00007.
const maxFilenameLen = 100

// documentExtension is the extension of a content type an upload may
// have, as the content was checked (http.DetectContentType), not as the
// browser named it.
func documentExtension(contentType string) string {
	switch contentType {
	case "application/pdf":
		return ".pdf"
	case "image/jpeg":
		return ".jpg"
	case "image/png":
		return ".png"
	}
	return ""
}

// DocumentFilename is the name an uploaded document is stored and offered
// under: the name the browser sent, without its directories, control
// characters, or anything but letters, digits and a few harmless marks, at
// most 100 characters, and ending in the extension of the checked content
// type. A PDF uploaded as "rechnung.html" is offered as "rechnung.pdf", so
// no program opens it as something it is not.
func DocumentFilename(sent, contentType string) string {
	if !utf8.ValidString(sent) {
		sent = strings.ToValidUTF8(sent, "_")
	}
	stem := path.Base(strings.ReplaceAll(sent, "\\", "/"))
	stem = strings.TrimSuffix(stem, path.Ext(stem))
	stem = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mn, r), strings.ContainsRune("-_.()", r):
			return r
		case unicode.IsSpace(r):
			return ' '
		}
		return '_'
	}, stem)
	stem = strings.Join(strings.Fields(stem), " ")
	if r := []rune(stem); len(r) > maxFilenameLen {
		stem = string(r[:maxFilenameLen])
	}
	stem = strings.Trim(stem, " ._-")
	if stem == "" {
		stem = "dokument"
	}
	return stem + documentExtension(contentType)
}
