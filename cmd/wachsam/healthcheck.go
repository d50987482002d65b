package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// runHealthcheck asks the running server whether it is ready; container
// images without curl use it as their health check. Exit 0 means ready.
func runHealthcheck(ctx context.Context, args []string, s streams) int {
	cfg, _, err := parseConfig("healthcheck", args, s, nil)
	if err != nil {
		return fail(s, err)
	}
	host, port, _ := net.SplitHostPort(cfg.Listen)
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		return fail(s, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fail(s, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(s.err, "wachsam: nicht bereit (%s)\n", resp.Status)
		return 1
	}
	fmt.Fprintln(s.out, "bereit")
	return 0
}
