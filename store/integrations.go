package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Integration sync_status values; nothing else is ever written.
const (
	SyncPending   = "pending"
	SyncSyncing   = "syncing"
	SyncCompleted = "completed"
	SyncError     = "error"
)

// Integrations lists the tenant's integrations by provider.
func (t *TenantDB) Integrations(ctx context.Context) ([]Integration, error) {
	var out []Integration
	err := t.s.DB.NewSelect().Model(&out).Where("tenant = ?", t.id).Order("provider").Scan(ctx)
	return out, err
}

// Integration returns the tenant's integration with a provider, or ErrNotFound.
func (t *TenantDB) Integration(ctx context.Context, provider string) (Integration, error) {
	var in Integration
	err := t.s.DB.NewSelect().Model(&in).Where("tenant = ? AND provider = ?", t.id, provider).Scan(ctx)
	return in, notFound(err)
}

// IntegrationByID returns one integration, or ErrNotFound.
func (t *TenantDB) IntegrationByID(ctx context.Context, id uuid.UUID) (Integration, error) {
	var in Integration
	err := t.s.DB.NewSelect().Model(&in).Where("tenant = ? AND integration_id = ?", t.id, id).Scan(ctx)
	return in, notFound(err)
}

// IntegrationConfig is what ConfigureIntegration writes: the non-secret
// values (merged into settings.config) and the secrets (sealed, replaced
// one by one; a secret not named is kept).
type IntegrationConfig struct {
	InstanceURL *string
	Values      map[string]string
	Secrets     map[string]string
	// KeepVerified keeps an existing integration's verification: the
	// change touched nothing that decides where or as whom it connects.
	KeepVerified bool
}

// ConfigureIntegration creates or updates the integration with a provider.
// A new integration, or a changed connection, needs verifying, so the
// integration goes inactive until SetIntegrationVerified.
func (t *TenantDB) ConfigureIntegration(ctx context.Context, provider string, cfg IntegrationConfig) (Integration, error) {
	if len(cfg.Secrets) > 0 && t.s.sealer == nil {
		return Integration{}, errNoSealer
	}
	var in Integration
	err := t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		now := time.Now().UTC()
		err := lockIntegration(ctx, tx, t.s.dialect, t.id, provider, &in)
		switch {
		case errors.Is(err, ErrNotFound):
			in = Integration{TenantID: t.id, ID: uuid.New(), Provider: provider, SyncStatus: SyncPending, Settings: map[string]any{}, CreatedAt: now}
		case err != nil:
			return err
		}
		if in.Settings == nil {
			in.Settings = map[string]any{}
		}
		values, _ := in.Settings["config"].(map[string]any)
		values = maps.Clone(values)
		if values == nil {
			values = map[string]any{}
		}
		for k, v := range cfg.Values {
			if v == "" {
				delete(values, k)
			} else {
				values[k] = v
			}
		}
		in.Settings["config"] = values
		if cfg.InstanceURL != nil {
			in.InstanceURL = cfg.InstanceURL
			if *cfg.InstanceURL == "" {
				in.InstanceURL = nil
			}
		}
		if !cfg.KeepVerified { // a new integration is inactive anyway
			in.IsActive = false
		}
		in.UpdatedAt = now
		if _, err := tx.NewInsert().Model(&in).
			On("CONFLICT (tenant, provider) DO UPDATE").
			Set("instance_url = EXCLUDED.instance_url, is_active = EXCLUDED.is_active, settings = EXCLUDED.settings, updated_at = EXCLUDED.updated_at").
			Exec(ctx); err != nil {
			return err
		}
		for name, value := range cfg.Secrets {
			if value == "" {
				if _, err := tx.NewDelete().Model((*IntegrationSecret)(nil)).Where("tenant = ? AND integration_id = ? AND name = ?", t.id, in.ID, name).Exec(ctx); err != nil {
					return err
				}
				continue
			}
			if err := t.putSecret(ctx, tx, in.ID, name, []byte(value)); err != nil {
				return err
			}
		}
		return nil
	})
	return in, err
}

func lockIntegration(ctx context.Context, tx bun.Tx, d Dialect, tenant uuid.UUID, provider string, in *Integration) error {
	q := tx.NewSelect().Model(in).Where("tenant = ? AND provider = ?", tenant, provider)
	if d == Postgres {
		q = q.For("UPDATE")
	}
	return notFound(q.Scan(ctx))
}

// MergeSettings merges patch into the integration's settings, key by key at
// the top level, in one transaction; other keys are kept.
func (t *TenantDB) MergeSettings(ctx context.Context, provider string, patch map[string]any) (Integration, error) {
	var in Integration
	err := t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := lockIntegration(ctx, tx, t.s.dialect, t.id, provider, &in); err != nil {
			return err
		}
		if in.Settings == nil {
			in.Settings = map[string]any{}
		}
		maps.Copy(in.Settings, patch)
		in.UpdatedAt = time.Now().UTC()
		_, err := tx.NewUpdate().Model(&in).Column("settings", "updated_at").Where("tenant = ? AND integration_id = ?", t.id, in.ID).Exec(ctx)
		return err
	})
	return in, err
}

// SecretNames lists which secrets an integration has (never their values).
func (t *TenantDB) SecretNames(ctx context.Context, integrationID uuid.UUID) ([]string, error) {
	var names []string
	err := t.s.DB.NewSelect().Model((*IntegrationSecret)(nil)).Column("name").
		Where("tenant = ? AND integration_id = ?", t.id, integrationID).Order("name").Scan(ctx, &names)
	return names, err
}

// ProviderConfig returns the integration's configuration values with its
// secrets opened, keyed by config field.
func (t *TenantDB) ProviderConfig(ctx context.Context, in Integration) (map[string]string, error) {
	out := map[string]string{}
	if values, ok := in.Settings["config"].(map[string]any); ok {
		for k, v := range values {
			out[k] = fmt.Sprint(v)
		}
	}
	var rows []IntegrationSecret
	if err := t.s.DB.NewSelect().Model(&rows).Where("tenant = ? AND integration_id = ?", t.id, in.ID).Scan(ctx); err != nil {
		return nil, err
	}
	for _, r := range rows {
		if t.s.sealer == nil {
			return nil, errNoSealer
		}
		plain, err := t.s.sealer.Open(r.Ciphertext, secretAAD(t.id, in.ID, r.Name))
		if err != nil {
			return nil, fmt.Errorf("secret %s: %w", r.Name, err)
		}
		out[r.Name] = string(plain)
	}
	return out, nil
}

// SetIntegrationVerified records the outcome of a connection check.
func (t *TenantDB) SetIntegrationVerified(ctx context.Context, id uuid.UUID, ok bool) error {
	q := t.s.DB.NewUpdate().Model((*Integration)(nil)).Set("is_active = ?", ok).Set("updated_at = ?", time.Now().UTC()).
		Where("tenant = ? AND integration_id = ?", t.id, id)
	if ok {
		q = q.Set("connected_at = COALESCE(connected_at, ?)", time.Now().UTC())
	}
	_, err := q.Exec(ctx)
	return err
}

// DisconnectIntegration deactivates an integration and removes its secrets;
// mappings and assets stay.
func (t *TenantDB) DisconnectIntegration(ctx context.Context, id uuid.UUID) error {
	return t.s.DB.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewDelete().Model((*IntegrationSecret)(nil)).Where("tenant = ? AND integration_id = ?", t.id, id).Exec(ctx); err != nil {
			return err
		}
		_, err := tx.NewUpdate().Model((*Integration)(nil)).Set("is_active = false").Set("connected_at = NULL").
			Set("updated_at = ?", time.Now().UTC()).Where("tenant = ? AND integration_id = ?", t.id, id).Exec(ctx)
		return err
	})
}

// AssetCount counts the assets synced from a provider.
func (t *TenantDB) AssetCount(ctx context.Context, provider string) (int, error) {
	n, err := t.s.DB.NewSelect().Model((*Asset)(nil)).Where("tenant = ? AND rmm_provider = ?", t.id, provider).Count(ctx)
	return int(n), err
}
