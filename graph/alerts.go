package graph

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/store"
)

const typeAlert = "Alert"

func alertModel(a store.Alert) *model.Alert {
	return &model.Alert{
		ID: globalID(typeAlert, a.ID), ExternalID: a.ExternalAlertID, ExternalDeviceID: a.ExternalDeviceID, DeviceName: a.DeviceName,
		Status: model.AlertStatus(strings.ToUpper(a.Status)), Severity: model.AlertSeverity(strings.ToUpper(a.Severity)),
		Priority: a.Priority, AlertClass: a.AlertClass, SourceType: a.SourceType, Message: a.Message, DedupKey: a.DedupKey,
		TriggeredAt: a.TriggeredAt, LastOccurrenceAt: a.LastOccurrenceAt, OccurrenceCount: a.OccurrenceCount,
		AcknowledgedAt: a.AcknowledgedAt, ResolvedAt: a.ResolvedAt, UpdatedAt: a.UpdatedAt,
		IntegrationKey: a.IntegrationID, AssetKey: a.AssetID,
	}
}

func alertStatuses(in []model.AlertStatus) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = strings.ToLower(string(s))
	}
	return out
}

func alertFilter(f *model.AlertFilter) (store.AlertFilter, error) {
	var out store.AlertFilter
	if f == nil {
		return out, nil
	}
	out.Statuses = alertStatuses(f.Statuses)
	for _, s := range f.Severities {
		out.Severities = append(out.Severities, strings.ToLower(string(s)))
	}
	if f.Providers != nil {
		out.Providers = slices.Clone(f.Providers)
	}
	for _, gid := range f.ClientIds {
		id, ok := parseIDOf(typeClient, gid)
		if !ok {
			return out, errorf(CodeBadUserInput, "filter.clientIds: %q is not a client ID", gid)
		}
		out.ClientIDs = append(out.ClientIDs, id)
	}
	for _, gid := range f.AssetIds {
		id, ok := parseIDOf(typeAsset, gid)
		if !ok {
			return out, errorf(CodeBadUserInput, "filter.assetIds: %q is not an asset ID", gid)
		}
		out.AssetIDs = append(out.AssetIDs, id)
	}
	out.TriggeredAfter, out.TriggeredBefore = f.TriggeredAfter, f.TriggeredBefore
	return out, nil
}

func (r *Resolver) alertPage(ctx context.Context, first *int, after *string, f store.AlertFilter) (*model.AlertConnection, error) {
	n, err := pageSize(first)
	if err != nil {
		return nil, err
	}
	db := tenantDB(ctx)
	edges, more, err := db.Alerts(ctx, store.Page{First: n, After: deref(after)}, f)
	if err != nil {
		return nil, err
	}
	conn := &model.AlertConnection{Count: func(ctx context.Context) (int, error) { return db.CountAlerts(ctx, f) }}
	conn.Edges, conn.Nodes, conn.PageInfo = connection(edges, more, alertModel,
		func(c string, n *model.Alert) *model.AlertEdge { return &model.AlertEdge{Cursor: c, Node: n} })
	return conn, prefetchAlertRows(ctx, conn.Nodes)
}

// prefetchAlertRows reads the assets and integrations of a page of alerts
// in one query each, when the query asks for them.
func prefetchAlertRows(ctx context.Context, alerts []*model.Alert) error {
	want := selected(ctx, "asset", "integration")
	db := tenantDB(ctx)
	if want["asset"] {
		var ids []uuid.UUID
		for _, a := range alerts {
			if a.AssetKey != nil {
				ids = append(ids, *a.AssetKey)
			}
		}
		if len(ids) > 0 {
			rows, err := db.AssetsByID(ctx, ids)
			if err != nil {
				return err
			}
			byID := byKey(rows, func(a store.Asset) uuid.UUID { return a.ID })
			var assets []*model.Asset
			for _, a := range alerts {
				if a.AssetKey != nil {
					if row, ok := byID[*a.AssetKey]; ok {
						a.AssetRow = assetModel(row)
						assets = append(assets, a.AssetRow)
					}
				}
			}
			if err := attachAssets(ctx, assets, true); err != nil {
				return err
			}
		}
	}
	if want["integration"] && len(alerts) > 0 {
		ins, err := db.Integrations(ctx) // a tenant has a handful
		if err != nil {
			return err
		}
		byID := byKey(ins, func(in store.Integration) uuid.UUID { return in.ID })
		for _, a := range alerts {
			if in, ok := byID[a.IntegrationKey]; ok {
				a.IntegrationRow = integrationModel(in)
			}
		}
	}
	return nil
}

// webhookModel describes an integration's webhook endpoint with its full
// URL: the public URL when the operator set one, else this request's host.
func webhookModel(ctx context.Context, h ingest.Webhook) *model.IntegrationWebhook {
	out := &model.IntegrationWebhook{URL: baseURL(ctx) + h.Path, Path: h.Path, SecretHeader: h.Header, SecretSet: h.SecretSet,
		LastDeliveryAt: h.LastDeliveryAt, Deliveries: h.Deliveries, Failed: h.Failed, Pending: h.Pending}
	if h.Body != "" {
		out.BodyTemplate = &h.Body
	}
	return out
}

type baseURLKey struct{}

// withBaseURL records where this server is reached, for the URLs the API
// hands out (webhook endpoints).
func withBaseURL(public string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := strings.TrimRight(public, "/")
		if base == "" {
			scheme := "http"
			if r.TLS != nil {
				scheme = "https"
			}
			base = scheme + "://" + r.Host
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), baseURLKey{}, base)))
	})
}

func baseURL(ctx context.Context) string {
	s, _ := ctx.Value(baseURLKey{}).(string)
	return s
}

// alertPoll is how often an alertEvents subscription reads the changes.
const alertPoll = time.Second

// followAlerts sends each change of the tenant's alerts (with a status in
// statuses, if given) until ctx ends. Changes are read by their update
// time, re-reading a short overlap so that a change committed late is not
// missed, and sent once each.
func followAlerts(ctx context.Context, db *store.TenantDB, statuses []string, out chan<- *model.AlertEvent, release func()) {
	defer close(out)
	defer release()
	const overlap = 5 * time.Second
	since := time.Now().UTC()
	sent := map[uuid.UUID]time.Time{} // last update sent, per alert
	t := time.NewTicker(alertPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rows, err := db.AlertsChangedSince(ctx, since.Add(-overlap), 500)
		if err != nil {
			if ctx.Err() == nil {
				continue
			}
			return
		}
		for _, a := range rows {
			if last, ok := sent[a.ID]; ok && !a.UpdatedAt.After(last) {
				continue
			}
			sent[a.ID] = a.UpdatedAt
			if a.UpdatedAt.After(since) {
				since = a.UpdatedAt
			}
			if statuses != nil && !slices.Contains(statuses, a.Status) {
				continue
			}
			m := alertModel(a)
			select {
			case out <- &model.AlertEvent{Alert: m, Status: m.Status, At: a.UpdatedAt}:
			case <-ctx.Done():
				return
			}
		}
		for id, at := range sent { // forget what the overlap no longer reaches
			if at.Before(since.Add(-2 * overlap)) {
				delete(sent, id)
			}
		}
	}
}

// setAlertStatus acknowledges or resolves the alert an input names.
func (r *mutationResolver) setAlertStatus(ctx context.Context, input model.AlertInput, status string) (*model.AlertPayload, error) {
	id, ok := parseIDOf(typeAlert, input.AlertID)
	if !ok {
		return &model.AlertPayload{UserErrors: []*model.UserError{notFoundError("alertId", "alert", input.AlertID)}}, nil
	}
	u, err := r.Syncer.SetAlertStatus(ctx, tenantDB(ctx), id, status)
	if ues, err := userErrors(err); err != nil || len(ues) > 0 {
		return &model.AlertPayload{UserErrors: ues}, err
	}
	return &model.AlertPayload{Alert: alertModel(u.Alert), PushedToRmm: u.Pushed, UserErrors: []*model.UserError{}}, nil
}
