package auth

import (
	"context"
	"net/mail"
	"strings"

	"github.com/wachsam/wachsam"
)

// CreateAccount hashes the password and stores a new account. An empty
// password gets a random one, which is returned to be handed over.
func (s *Service) CreateAccount(ctx context.Context, actor wachsam.Actor, u *wachsam.User, password string) (string, error) {
	if err := validateAccount(u); err != nil {
		return "", err
	}
	if password == "" {
		password = NewPassword()
	}
	hash, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return "", err
	}
	u.PasswordHash = hash
	return password, s.Store.CreateUser(ctx, actor, u)
}

// ResetPassword sets a new random password (or the given one), ends all
// sessions of the account and returns the password to be handed over.
func (s *Service) ResetPassword(ctx context.Context, actor wachsam.Actor, userID int64, password string) (string, error) {
	if password == "" {
		password = NewPassword()
	}
	hash, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return "", err
	}
	return password, s.Store.SetPassword(ctx, actor, userID, hash, 0)
}

func validateAccount(u *wachsam.User) error {
	u.Email = wachsam.NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	// A bare address only: net/mail also accepts "Name <addr>", which is
	// not what an account is keyed by.
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || a.Name != "" || len(u.Email) > wachsam.MaxEmailLen {
		return wachsam.FieldError("email", "Bitte geben Sie eine gültige E-Mail-Adresse an.")
	}
	if u.Name == "" {
		return wachsam.FieldError("name", "Bitte geben Sie den Namen an.")
	}
	if err := wachsam.CheckLine("name", "Name", u.Name, wachsam.MaxNameLen); err != nil {
		return err
	}
	if len(u.Roles) == 0 {
		return wachsam.FieldError("role", "Bitte wählen Sie mindestens eine Rolle.")
	}
	return nil
}
