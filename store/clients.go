package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// ClientFields are the writable fields of a client; nil leaves a field as
// it is, and an empty ClientType or URL clears it.
type ClientFields struct {
	Name       *string
	ClientType *string
	URL        *string
	IsInactive *bool
}

const clientCursor = "client"

// ClientFilter narrows the client list; zero fields do not filter.
type ClientFilter struct {
	// Search matches part of the name, ignoring case.
	Search string
	// Active keeps active clients (true) or inactive ones (false).
	Active *bool
}

func (t *TenantDB) clientSearch(q *bun.SelectQuery, f ClientFilter) *bun.SelectQuery {
	q = q.Where("tenant = ?", t.id)
	if search := strings.TrimSpace(f.Search); search != "" {
		q = q.Where("lower(client_name) LIKE ? ESCAPE '\\'", "%"+escapeLike(strings.ToLower(search))+"%")
	}
	if f.Active != nil {
		q = q.Where("is_inactive = ?", !*f.Active)
	}
	return q
}

var clientList = keyset[Client]{kind: clientCursor, order: "lower(client_name), client_id",
	after: func(q *bun.SelectQuery, keys []string) (*bun.SelectQuery, error) {
		return q.Where("(lower(client_name), client_id) > (?, ?)", keys[0], keys[1]), nil
	},
	keys: func(c Client) []string { return []string{strings.ToLower(c.Name), c.ID.String()} },
}

// Clients lists clients by name, after the cursor; more tells whether more
// rows follow.
func (t *TenantDB) Clients(ctx context.Context, p Page, f ClientFilter) ([]Edge[Client], bool, error) {
	return page(ctx, t.clientSearch(t.s.DB.NewSelect().Model((*Client)(nil)), f), p, clientList)
}

// CountClients counts the clients matching f.
func (t *TenantDB) CountClients(ctx context.Context, f ClientFilter) (int, error) {
	n, err := t.clientSearch(t.s.DB.NewSelect().Model((*Client)(nil)), f).Count(ctx)
	return int(n), err
}

// ClientsByID returns the clients with these ids, in no particular order;
// missing ids are left out.
// ActiveClients returns up to limit active clients, by name.
func (t *TenantDB) ActiveClients(ctx context.Context, limit int) ([]Client, error) {
	var out []Client
	err := t.s.DB.NewSelect().Model(&out).Where("tenant = ? AND NOT is_inactive", t.id).OrderExpr("client_name").Limit(int64(limit)).Scan(ctx)
	return out, err
}

func (t *TenantDB) ClientsByID(ctx context.Context, ids []uuid.UUID) ([]Client, error) {
	var out []Client
	if len(ids) == 0 {
		return out, nil
	}
	err := t.s.DB.NewSelect().Model(&out).Where("tenant = ? AND client_id IN (?)", t.id, bun.In(ids)).Scan(ctx)
	return out, err
}

// CreateClient adds a client. The name is required and unique per tenant
// (ignoring case); a taken name gives ErrDuplicate.
func (t *TenantDB) CreateClient(ctx context.Context, f ClientFields) (Client, error) {
	now := time.Now().UTC()
	c := Client{TenantID: t.id, ID: uuid.New(), CreatedAt: now, UpdatedAt: now}
	applyClientFields(&c, f)
	if _, err := t.s.DB.NewInsert().Model(&c).Exec(ctx); err != nil {
		if isUniqueViolation(err) {
			return Client{}, fmt.Errorf("client %q: %w", c.Name, ErrDuplicate)
		}
		return Client{}, err
	}
	return c, nil
}

// UpdateClient changes the given fields of a client.
func (t *TenantDB) UpdateClient(ctx context.Context, id uuid.UUID, f ClientFields) (Client, error) {
	var c Client
	err := t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := tx.NewSelect().Model(&c).Where("tenant = ? AND client_id = ?", t.id, id).Scan(ctx); err != nil {
			return notFound(err)
		}
		applyClientFields(&c, f)
		c.UpdatedAt = time.Now().UTC()
		_, err := tx.NewUpdate().Model(&c).
			Column("client_name", "client_type", "url", "is_inactive", "updated_at").
			Where("tenant = ? AND client_id = ?", t.id, id).
			Exec(ctx)
		if isUniqueViolation(err) {
			return fmt.Errorf("client %q: %w", c.Name, ErrDuplicate)
		}
		return err
	})
	return c, err
}

func applyClientFields(c *Client, f ClientFields) {
	if f.Name != nil {
		c.Name = strings.TrimSpace(*f.Name)
	}
	if f.ClientType != nil {
		c.ClientType = nilIfEmpty(*f.ClientType)
	}
	if f.URL != nil {
		c.URL = nilIfEmpty(*f.URL)
	}
	if f.IsInactive != nil {
		c.IsInactive = *f.IsInactive
	}
}

func nilIfEmpty(s string) *string {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return &s
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
