package store

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Sealer encrypts provider credentials with AES-256-GCM. A sealed value is
// version(1) | key id(4) | nonce(12) | ciphertext+tag, and is bound to its
// tenant, integration and name, so a sealed value copied to another row
// does not open.
type Sealer struct {
	aead  cipher.AEAD
	keyID [4]byte
}

const sealVersion = 1

// NewSealer takes a 32-byte key.
func NewSealer(key []byte) (*Sealer, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("secret key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	s := &Sealer{aead: aead}
	sum := sha256.Sum256(key)
	copy(s.keyID[:], sum[:4])
	return s, nil
}

// ParseKey decodes a 32-byte key written as 64 hex digits or base64.
func ParseKey(text string) ([]byte, error) {
	text = strings.TrimSpace(text)
	if b, err := hex.DecodeString(text); err == nil && len(b) == 32 {
		return b, nil
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(text); err == nil && len(b) == 32 {
			return b, nil
		}
	}
	return nil, errors.New("secret key must be 32 bytes written as 64 hex digits or base64 (make one with: openssl rand -hex 32)")
}

// ReadKeyFile reads a key file written by ParseKey's formats. A file that
// users other than its owner can read or write is refused.
func ReadKeyFile(path string) ([]byte, error) {
	if st, err := os.Stat(path); err == nil && st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("secret key file %s can be read by other users (mode %04o): run chmod 600 %s", path, st.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read secret key file: %w", err)
	}
	key, err := ParseKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("secret key file %s: %w", path, err)
	}
	return key, nil
}

// CreateKeyFile writes a new random key to path with mode 0600. It fails if
// the file exists.
func CreateKeyFile(path string) ([]byte, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create secret key file: %w", err)
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("write secret key file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write secret key file: %w", err)
	}
	return key, nil
}

// Seal encrypts plaintext bound to aad.
func (s *Sealer) Seal(plaintext, aad []byte) ([]byte, error) {
	out := make([]byte, 0, 1+4+s.aead.NonceSize()+len(plaintext)+s.aead.Overhead())
	out = append(out, sealVersion)
	out = append(out, s.keyID[:]...)
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	out = append(out, nonce...)
	return s.aead.Seal(out, nonce, plaintext, aad), nil
}

// ErrWrongKey means a sealed value was made with another key.
var ErrWrongKey = errors.New("secret was sealed with a different key: set the key rmmgraph was first run with (RMMGRAPH_SECRET_KEY or --secret-key-file)")

// Open decrypts a value made by Seal with the same aad.
func (s *Sealer) Open(sealed, aad []byte) ([]byte, error) {
	ns := s.aead.NonceSize()
	if len(sealed) < 1+4+ns || sealed[0] != sealVersion {
		return nil, errors.New("sealed secret is malformed")
	}
	if !bytes.Equal(sealed[1:5], s.keyID[:]) {
		return nil, ErrWrongKey
	}
	nonce := sealed[5 : 5+ns]
	plain, err := s.aead.Open(nil, nonce, sealed[5+ns:], aad)
	if err != nil {
		return nil, errors.New("sealed secret failed authentication: it was altered or belongs to another row")
	}
	return plain, nil
}

func secretAAD(tenant, integration uuid.UUID, name string) []byte {
	return []byte(tenant.String() + "/" + integration.String() + "/" + name)
}

var errNoSealer = errors.New("no secret key configured: set RMMGRAPH_SECRET_KEY or --secret-key-file")

// SetIntegrationSecret seals and stores one credential of an integration.
func (t *TenantDB) SetIntegrationSecret(ctx context.Context, integrationID uuid.UUID, name string, plaintext []byte) error {
	if t.s.sealer == nil {
		return errNoSealer
	}
	return t.putSecret(ctx, t.s.DB, integrationID, name, plaintext)
}

func (t *TenantDB) putSecret(ctx context.Context, db bun.IDB, integrationID uuid.UUID, name string, plaintext []byte) error {
	sealed, err := t.s.sealer.Seal(plaintext, secretAAD(t.id, integrationID, name))
	if err != nil {
		return err
	}
	row := &IntegrationSecret{TenantID: t.id, IntegrationID: integrationID, Name: name, Ciphertext: sealed, UpdatedAt: time.Now().UTC()}
	_, err = db.NewInsert().Model(row).
		On("CONFLICT (tenant, integration_id, name) DO UPDATE").
		Set("ciphertext = EXCLUDED.ciphertext").
		Set("updated_at = EXCLUDED.updated_at").
		Exec(ctx)
	return err
}

// IntegrationSecret returns a stored credential in plaintext, or ErrNotFound.
func (t *TenantDB) IntegrationSecret(ctx context.Context, integrationID uuid.UUID, name string) ([]byte, error) {
	if t.s.sealer == nil {
		return nil, errNoSealer
	}
	var row IntegrationSecret
	err := t.s.DB.NewSelect().Model(&row).
		Where("tenant = ? AND integration_id = ? AND name = ?", t.id, integrationID, name).
		Scan(ctx)
	if err != nil {
		return nil, notFound(err)
	}
	return t.s.sealer.Open(row.Ciphertext, secretAAD(t.id, integrationID, name))
}

// ErrKeyMismatch means the store's secret key cannot open the credentials
// the database holds.
var ErrKeyMismatch = errors.New("the secret key does not open the stored credentials")

// CheckSecretKey confirms that the installed key is the one that sealed
// the stored credentials (each sealed value records its key's id). A
// database without credentials accepts any key.
func (s *Store) CheckSecretKey(ctx context.Context) error {
	var sealed []byte
	err := s.DB.NewSelect().Model((*IntegrationSecret)(nil)).Column("ciphertext").Limit(1).Scan(ctx, &sealed)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	case s.sealer == nil:
		return errNoSealer
	case len(sealed) < 5 || !bytes.Equal(sealed[1:5], s.sealer.keyID[:]):
		var stored []byte
		if len(sealed) >= 5 {
			stored = sealed[1:5]
		}
		return fmt.Errorf("%w: they were sealed with key id %x, this key's id is %x; start with the key rmmgraph was first run with (RMMGRAPH_SECRET_KEY, --secret-key-file or the key file beside a SQLite database). If that key is lost, the credentials cannot be recovered: delete them (DELETE FROM rmm_integration_secrets) and enter them again",
			ErrKeyMismatch, stored, s.sealer.keyID)
	}
	return nil
}

// HasSecrets reports whether the database holds sealed credentials; a
// database not migrated yet holds none.
func (s *Store) HasSecrets(ctx context.Context) bool {
	n, err := s.DB.NewSelect().Model((*IntegrationSecret)(nil)).Count(ctx)
	return err == nil && n > 0
}

// UpdateSecrets runs fn with the integration's secrets in plaintext while
// holding a lock on the integration that every process honours (a row
// lock on Postgres, the write lock on SQLite), and stores the secrets fn
// returns before the lock is released: a token refresh made this way
// happens once across replicas, and a rotated refresh token is never lost.
func (t *TenantDB) UpdateSecrets(ctx context.Context, integrationID uuid.UUID, fn func(current map[string]string) (map[string]string, error)) error {
	if t.s.sealer == nil {
		return errNoSealer
	}
	return t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if t.s.dialect == Postgres {
			if _, err := tx.ExecContext(ctx, `SELECT 1 FROM rmm_integrations WHERE tenant = ? AND integration_id = ? FOR UPDATE`, t.id, integrationID); err != nil {
				return err
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE rmm_integrations SET updated_at = updated_at WHERE tenant = ? AND integration_id = ?`, t.id, integrationID); err != nil {
			return err // takes SQLite's write lock now, not at the first write
		}
		var rows []IntegrationSecret
		if err := tx.NewSelect().Model(&rows).Where("tenant = ? AND integration_id = ?", t.id, integrationID).Scan(ctx); err != nil {
			return err
		}
		current := make(map[string]string, len(rows))
		for _, r := range rows {
			plain, err := t.s.sealer.Open(r.Ciphertext, secretAAD(t.id, integrationID, r.Name))
			if err != nil {
				return fmt.Errorf("secret %s: %w", r.Name, err)
			}
			current[r.Name] = string(plain)
		}
		next, err := fn(current)
		if err != nil {
			return err
		}
		for name, value := range next {
			if err := t.putSecret(ctx, tx, integrationID, name, []byte(value)); err != nil {
				return err
			}
		}
		return nil
	})
}
