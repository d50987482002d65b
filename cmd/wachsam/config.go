package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"

	"github.com/wachsam/wachsam/internal/store"
)

// config is the whole configuration of wachsam: environment variables
// WACHSAM_* (secrets also as WACHSAM_*_FILE, read from a file as Docker and
// systemd credentials provide them), overridden by command-line flags.
type config struct {
	DatabaseURL     string        `env:"DATABASE_URL" envDefault:"sqlite://wachsam.db"`
	DatabaseURLFile string        `env:"DATABASE_URL_FILE,file"`
	Listen          string        `env:"LISTEN" envDefault:"localhost:8080"`
	BaseURL         string        `env:"BASE_URL"`
	TrustedProxies  []string      `env:"TRUSTED_PROXIES" envSeparator:","`
	MaxBodyBytes    int64         `env:"MAX_BODY_BYTES" envDefault:"1048576"`
	MaxUploadBytes  int64         `env:"MAX_UPLOAD_BYTES" envDefault:"11534336"`
	SessionIdle     time.Duration `env:"SESSION_IDLE" envDefault:"30m"`
	SessionMax      time.Duration `env:"SESSION_MAX" envDefault:"12h"`
	LogLevel        string        `env:"LOG_LEVEL" envDefault:"info"`
	LogFormat       string        `env:"LOG_FORMAT" envDefault:"text"`
	// AttendanceLead: how long before a session day's start check-in and
	// the trainer's list open.
	AttendanceLead time.Duration `env:"ATTENDANCE_LEAD" envDefault:"30m"`

	SMTPHost         string `env:"SMTP_HOST"`
	SMTPPort         int    `env:"SMTP_PORT" envDefault:"587"`
	SMTPUsername     string `env:"SMTP_USERNAME"`
	SMTPPassword     string `env:"SMTP_PASSWORD"`
	SMTPPasswordFile string `env:"SMTP_PASSWORD_FILE,file"`
	SMTPFrom         string `env:"SMTP_FROM" envDefault:"wachsam <wachsam@localhost>"`
	SMTPTLS          string `env:"SMTP_TLS" envDefault:"starttls"`

	// AllowLocalhostBaseURL lets `serve` run for real with a base URL on
	// the machine itself (a test installation without a public name).
	AllowLocalhostBaseURL bool `env:"ALLOW_LOCALHOST_BASE_URL"`
	// DirectoryAllowPlain permits unencrypted LDAP to a town's directory,
	// for tests and the demo only.
	DirectoryAllowPlain bool `env:"DIRECTORY_ALLOW_PLAIN"`

	database store.Location
	logLevel slog.Level
}

// loadConfig reads the environment (getenv lets tests pass their own).
func loadConfig(environ []string) (*config, error) {
	c := new(config)
	vars := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	if err := env.ParseWithOptions(c, env.Options{Prefix: "WACHSAM_", Environment: vars}); err != nil {
		return nil, configError(err)
	}
	return c, nil
}

// configError names the variable of each parse error, since the library
// names the Go field, which means nothing to an administrator.
func configError(err error) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return fmt.Errorf("ungültige Konfiguration: %w", err)
	}
	var msgs []string
	for _, e := range agg.Errors {
		var pe env.ParseError
		if errors.As(e, &pe) {
			msgs = append(msgs, fmt.Sprintf("%s: der Wert ist kein gültiger %s (%v)", variableOf(pe.Name), pe.Type, pe.Err))
			continue
		}
		msgs = append(msgs, e.Error())
	}
	return fmt.Errorf("ungültige Konfiguration: %s", strings.Join(msgs, "; "))
}

// variableOf returns the environment variable behind a config field.
func variableOf(field string) string {
	if f, ok := reflect.TypeFor[config]().FieldByName(field); ok {
		name, _, _ := strings.Cut(f.Tag.Get("env"), ",")
		return "WACHSAM_" + name
	}
	return field
}

// bindFlags lets command-line flags override the environment.
func (c *config) bindFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "Datenbank: sqlite:///pfad/datei.db oder postgres://… (WACHSAM_DATABASE_URL)")
	fs.StringVar(&c.Listen, "listen", c.Listen, "Adresse und Port des Webservers (WACHSAM_LISTEN)")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "öffentliche Adresse, z. B. https://wachsam.example.de (WACHSAM_BASE_URL)")
}

// validate checks every value and names the variable of the first bad one,
// so start-up stops with a message an administrator can act on.
func (c *config) validate() error {
	if c.DatabaseURLFile != "" {
		c.DatabaseURL = strings.TrimSpace(c.DatabaseURLFile)
	}
	if c.SMTPPasswordFile != "" {
		c.SMTPPassword = strings.TrimRight(c.SMTPPasswordFile, "\r\n")
	}
	loc, err := store.ParseURL(c.DatabaseURL)
	if err != nil {
		return fmt.Errorf("WACHSAM_DATABASE_URL: %w", err)
	}
	c.database = loc
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return fmt.Errorf("WACHSAM_LISTEN: %q ist keine Adresse der Form host:port (z. B. :8080)", c.Listen)
	}
	if c.BaseURL == "" {
		// Without a public address, the one the server listens on is it.
		_, port, _ := net.SplitHostPort(c.Listen)
		c.BaseURL = "http://localhost:" + port
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("WACHSAM_BASE_URL: %q ist keine http(s)-Adresse", c.BaseURL)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	for _, p := range c.TrustedProxies {
		if _, err := netip.ParsePrefix(strings.TrimSpace(p)); err != nil {
			return fmt.Errorf("WACHSAM_TRUSTED_PROXIES: %q ist kein Adressbereich wie 10.0.0.0/8", p)
		}
	}
	if c.MaxBodyBytes < 1024 {
		return fmt.Errorf("WACHSAM_MAX_BODY_BYTES: mindestens 1024")
	}
	if c.MaxUploadBytes < c.MaxBodyBytes {
		return fmt.Errorf("WACHSAM_MAX_UPLOAD_BYTES: mindestens so groß wie WACHSAM_MAX_BODY_BYTES")
	}
	if c.SessionIdle < time.Minute || c.SessionMax < c.SessionIdle {
		return fmt.Errorf("WACHSAM_SESSION_IDLE / WACHSAM_SESSION_MAX: die Leerlaufzeit muss mindestens eine Minute betragen und darf die Höchstdauer nicht überschreiten")
	}
	if c.AttendanceLead < 0 || c.AttendanceLead > 24*time.Hour {
		return fmt.Errorf("WACHSAM_ATTENDANCE_LEAD: zwischen 0 und 24 Stunden (z. B. 30m)")
	}
	if err := c.logLevel.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return fmt.Errorf("WACHSAM_LOG_LEVEL: %q ist keine Stufe (debug, info, warn, error)", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("WACHSAM_LOG_FORMAT: %q ist weder text noch json", c.LogFormat)
	}
	if c.SMTPHost != "" {
		if c.SMTPPort < 1 || c.SMTPPort > 65535 {
			return fmt.Errorf("WACHSAM_SMTP_PORT: %d ist kein Port", c.SMTPPort)
		}
		switch c.SMTPTLS {
		case "starttls", "tls", "none":
		default:
			return fmt.Errorf("WACHSAM_SMTP_TLS: %q ist weder starttls, tls noch none", c.SMTPTLS)
		}
	}
	return nil
}

func (c *config) logger(s streams) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.logLevel}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(s.err, opts))
	}
	return slog.New(slog.NewTextHandler(s.err, opts))
}

// checkPublicBaseURL refuses a base URL on the machine itself for a real
// installation: links in mails, calendar UIDs (booking-7@localhost) and the
// certificates' QR codes would point nowhere, and UIDs of two installations
// would collide in people's calendars. The demo needs no public name.
func (c *config) checkPublicBaseURL() error {
	if c.AllowLocalhostBaseURL {
		return nil
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return fmt.Errorf("WACHSAM_BASE_URL: %q ist keine http(s)-Adresse", c.BaseURL)
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return errLocalBaseURL(c.BaseURL)
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsLoopback() {
		return errLocalBaseURL(c.BaseURL)
	}
	return nil
}

func errLocalBaseURL(base string) error {
	return fmt.Errorf("WACHSAM_BASE_URL: %q zeigt auf diesen Rechner selbst; Links in E-Mails, Kalendereinträge und "+
		"QR-Codes brauchen die öffentliche Adresse (z. B. https://wachsam.example.de). "+
		"Zum Ausprobieren: serve --demo; für eine Testinstallation ohne öffentlichen Namen: WACHSAM_ALLOW_LOCALHOST_BASE_URL=true", base)
}
