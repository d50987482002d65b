package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Client talks to a running wachsam as signed-in people do, by their
// session cookie.
type Client struct {
	BaseURL string
	Cookie  string // the session cookie's name
	HTTP    *http.Client
}

// NewClient keeps as many idle connections as there are clients: Go's
// default of two per host would measure reconnecting, not booking.
func NewClient(baseURL string, clients int) *Client {
	cookie := "wachsam_sitzung"
	if strings.HasPrefix(baseURL, "https://") {
		cookie = "__Host-wachsam_sitzung"
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost, tr.MaxConnsPerHost = clients+10, clients+10, clients+10
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), Cookie: cookie,
		HTTP: &http.Client{Transport: tr, Timeout: 60 * time.Second}}
}

// Do sends a request as the session token's holder and decodes a JSON
// answer into out (if not nil); any other status than want is an error.
func (c *Client) Do(ctx context.Context, token, method, path, contentType, body string, want int, out any) error {
	status, data, err := c.send(ctx, token, method, path, contentType, body)
	if err != nil {
		return err
	}
	if status != want {
		return fmt.Errorf("%s %s: Status %d statt %d: %.300s", method, path, status, want, data)
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

func (c *Client) send(ctx context.Context, token, method, path, contentType, body string) (int, []byte, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, rd)
	if err != nil {
		return 0, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", "application/json")
	req.AddCookie(&http.Cookie{Name: c.Cookie, Value: token})
	res, err := c.HTTP.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	return res.StatusCode, data, err
}
