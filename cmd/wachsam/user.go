package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/wachsam/wachsam"
)

// runUser manages accounts from the command line, chiefly to create the
// first administrator of a new installation.
func runUser(ctx context.Context, args []string, s streams) int {
	if len(args) == 0 {
		fmt.Fprintln(s.err, "Aufruf: wachsam user create|reset-password|set-role [OPTIONEN]")
		return 2
	}
	var (
		email, name, roles, ags string
		passwordStdin           bool
	)
	cfg, fs, err := parseConfig("user "+args[0], args[1:], s, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "E-Mail-Adresse des Kontos")
		switch args[0] {
		case "create":
			fs.StringVar(&name, "name", "", "Name der Person")
			fs.StringVar(&roles, "role", "", "Rollen, mit Komma getrennt: "+roleNames())
			fs.StringVar(&ags, "municipality", "", "Gemeindeschlüssel (AGS) der Gemeinde, zu der das Konto gehört")
			fs.BoolVar(&passwordStdin, "password-stdin", false, "Passwort von der Standardeingabe lesen statt eines zufälligen")
		case "reset-password":
			fs.BoolVar(&passwordStdin, "password-stdin", false, "Passwort von der Standardeingabe lesen statt eines zufälligen")
		case "set-role":
			fs.StringVar(&roles, "role", "", "Rollen, mit Komma getrennt: "+roleNames())
		}
	})
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(s.err, "wachsam:", err)
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(s.err, "wachsam: unerwartetes Argument %q\n", fs.Arg(0))
		return 2
	}
	if email == "" {
		fmt.Fprintln(s.err, "wachsam: --email fehlt")
		return 2
	}
	a, err := openApp(ctx, cfg, s)
	if err != nil {
		return fail(s, err)
	}
	defer a.Close()
	actor := wachsam.SystemActor("cli")
	password := ""
	if passwordStdin {
		line, err := bufio.NewReader(s.in).ReadString('\n')
		if err != nil && line == "" {
			return fail(s, fmt.Errorf("kein Passwort auf der Standardeingabe"))
		}
		password = strings.TrimRight(line, "\r\n")
	}
	switch args[0] {
	case "create":
		rs, err := parseRoles(roles)
		if err != nil {
			return fail(s, err)
		}
		u := &wachsam.User{Email: email, Name: name, Roles: rs}
		if ags != "" {
			m, err := a.db.MunicipalityByAGS(ctx, ags)
			if err != nil {
				return fail(s, err)
			}
			u.MunicipalityID = &m.ID
		}
		pw, err := a.accounts.CreateAccount(ctx, actor, u, password)
		if err != nil {
			return fail(s, err)
		}
		fmt.Fprintf(s.out, "Konto %s angelegt.\n", u.Email)
		if !passwordStdin {
			fmt.Fprintf(s.out, "Passwort: %s\n", pw)
		}
	case "reset-password":
		u, err := a.db.UserByEmail(ctx, email)
		if err != nil {
			return fail(s, err)
		}
		pw, err := a.accounts.ResetPassword(ctx, actor, u.ID, password)
		if err != nil {
			return fail(s, err)
		}
		fmt.Fprintf(s.out, "Passwort von %s geändert; alle Sitzungen wurden beendet.\n", u.Email)
		if !passwordStdin {
			fmt.Fprintf(s.out, "Passwort: %s\n", pw)
		}
	case "set-role":
		rs, err := parseRoles(roles)
		if err != nil {
			return fail(s, err)
		}
		u, err := a.db.UserByEmail(ctx, email)
		if err != nil {
			return fail(s, err)
		}
		if err := a.db.SetRoles(ctx, actor, u.ID, rs); err != nil {
			return fail(s, err)
		}
		fmt.Fprintf(s.out, "Rollen von %s: %s\n", u.Email, roles)
	default:
		fmt.Fprintf(s.err, "wachsam: unbekannter Befehl user %s\n", args[0])
		return 2
	}
	return 0
}

func parseRoles(list string) ([]wachsam.Role, error) {
	var out []wachsam.Role
	for _, raw := range strings.Split(list, ",") {
		if raw = strings.TrimSpace(raw); raw == "" {
			continue
		}
		r, err := wachsam.ParseRole(raw)
		if err != nil {
			return nil, fmt.Errorf("--role: unbekannte Rolle %q (möglich: %s)", raw, roleNames())
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--role fehlt (möglich: %s)", roleNames())
	}
	return out, nil
}

func roleNames() string {
	var names []string
	for _, r := range wachsam.Roles() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}
