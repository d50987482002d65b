package evidence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// ServerError is a request the server refused, with what its RFC 9457
// problem details said.
type ServerError struct {
	Status int
	Type   string // the problem type, e.g. ResyncProblem
	Title  string
	Detail string
}

func (e *ServerError) Error() string {
	detail := e.Detail
	if detail == "" {
		detail = e.Title
	}
	switch {
	case e.Status == http.StatusUnauthorized:
		return fmt.Sprintf("Der Server hat den Zugangsschlüssel abgelehnt (HTTP 401): %s Ein widerrufener Schlüssel bleibt ungültig; bitte lassen Sie sich von der Koordination Ihrer Kommune einen neuen geben.", detail)
	case detail != "":
		return fmt.Sprintf("Der Server hat die Anfrage abgelehnt (HTTP %d): %s", e.Status, detail)
	}
	return fmt.Sprintf("Unerwartete Antwort des Servers: HTTP %d %s", e.Status, http.StatusText(e.Status))
}

// answer is one answer of the feed: a page, or "not modified".
type answer struct {
	page        rawPage
	etag        string
	notModified bool
}

// problemDetails are the fields of a problem document the importer shows.
type problemDetails struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

// fetch asks for the page after cursor. A page is taken only if it is a
// whole JSON document: the server cuts the connection if it fails while
// streaming, and a cut page must never look like the end of the feed.
func (im *Importer) fetch(ctx context.Context, cursor, etag string) (answer, error) {
	endpoint, err := url.Parse(feedURL(im.BaseURL))
	if err != nil || (endpoint.Scheme != "http" && endpoint.Scheme != "https") || endpoint.Host == "" {
		return answer{}, fmt.Errorf("%q ist keine gültige Adresse eines wachsam-Servers (z. B. https://wachsam.example.de)", im.BaseURL)
	}
	q := url.Values{}
	if cursor != "" {
		q.Set("since", cursor)
	}
	if im.Limit > 0 {
		q.Set("limit", strconv.Itoa(im.Limit))
	}
	endpoint.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint.String(), nil)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(im.Token))
	req.Header.Set("Accept", "application/json")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	client := im.Client
	if client == nil {
		client = defaultClient()
	}
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return answer{}, fmt.Errorf("Abruf abgebrochen: %w", ctx.Err())
		}
		return answer{}, fmt.Errorf("Der Server unter %s ist nicht erreichbar: %w", endpoint.Host, err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotModified:
		return answer{etag: etag, notModified: true}, nil
	case http.StatusOK:
	default:
		return answer{}, refusal(resp)
	}
	var a answer
	a.etag = resp.Header.Get("ETag")
	dec := json.NewDecoder(resp.Body)
	if err := dec.Decode(&a.page); err != nil {
		return answer{}, fmt.Errorf("%w: die Seite kam nicht vollständig an (%v); nichts wurde geschrieben, bitte später erneut versuchen", ErrBadFeed, err)
	}
	if a.page.Records == nil || a.page.NextCursor == "" {
		return answer{}, fmt.Errorf("%w: die Antwort ist keine Seite des Feeds %s", ErrBadFeed, Contract)
	}
	return a, nil
}

// feedPath is where a wachsam server serves the feed.
const feedPath = "/api/v1/evidence"

// feedURL is the feed of the server at base. The address of the feed itself
// (as the coordinator's page shows it) is taken as it is.
func feedURL(base string) string {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	if strings.HasSuffix(base, feedPath) {
		return base
	}
	return base + feedPath
}

// refusal reads the problem details of a refused request.
func refusal(resp *http.Response) error {
	se := &ServerError{Status: resp.StatusCode}
	media, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if media == "application/problem+json" {
		var p problemDetails
		if json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&p) == nil {
			se.Type, se.Title, se.Detail = p.Type, p.Title, p.Detail
		}
	}
	return se
}

// IsResync tells whether err is the feed's refusal of a cursor it did not
// issue in its current epoch: the importer must read again from the start.
func IsResync(err error) bool {
	var se *ServerError
	return errors.As(err, &se) && se.Status == http.StatusGone && se.Type == ResyncProblem
}

// IsServerError tells whether err is a refusal with the given status.
func IsServerError(err error, status int) bool {
	var se *ServerError
	return errors.As(err, &se) && se.Status == status
}
