package graph

import (
	"strings"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/providers"
)

func providerModel(p providers.Provider) *model.Provider {
	info := p.Info()
	c := p.Capabilities()
	out := &model.Provider{
		ID: info.ID, DisplayName: info.DisplayName, Description: info.Description,
		// Remote actions and direct connect have no provider contract
		// yet, so no provider offers them.
		Capabilities: &model.ProviderCapabilities{
			Connection: c.Connection, ScopeDiscovery: c.ScopeDiscovery, FullSync: c.FullSync,
			IncrementalSync: c.IncrementalSync, SingleDeviceSync: c.SingleDeviceSync, AgedOutFallback: c.AgedOutFallback,
			WebhookEvents: c.WebhookEvents, Alerts: c.Alerts, AcknowledgeAlerts: c.AcknowledgeAlerts, ResolveAlerts: c.ResolveAlerts, Oauth: c.OAuth,
		},
		ConfigFields: []*model.ConfigField{},
		SyncModes:    []model.SyncMode{},
		Actions:      []model.ProviderAction{},
	}
	for _, m := range []struct {
		ok   bool
		mode model.SyncMode
	}{{c.FullSync, model.SyncModeFull}, {c.IncrementalSync, model.SyncModeIncremental}, {c.SingleDeviceSync, model.SyncModeDevice}} {
		if m.ok {
			out.SyncModes = append(out.SyncModes, m.mode)
		}
	}
	for _, a := range []struct {
		ok     bool
		action model.ProviderAction
	}{{c.Connection, model.ProviderActionVerify}, {c.ScopeDiscovery, model.ProviderActionDiscoverScopes}, {c.FullSync || c.SingleDeviceSync, model.ProviderActionSync},
		{c.OAuth, model.ProviderActionAuthorize}, {c.WebhookEvents, model.ProviderActionWebhooks}, {c.Alerts, model.ProviderActionPollAlerts},
		{c.AcknowledgeAlerts, model.ProviderActionAcknowledgeAlerts}, {c.ResolveAlerts, model.ProviderActionResolveAlerts}} {
		if a.ok {
			out.Actions = append(out.Actions, a.action)
		}
	}
	for _, f := range info.ConfigFields {
		cf := &model.ConfigField{
			Key: f.Key, Label: f.Label, Kind: model.ConfigFieldKind(strings.ToUpper(string(f.Kind))),
			Required: f.Required, AffectsConnection: f.Connects, Help: optString(f.Help), Placeholder: optString(f.Placeholder),
			Default: optString(f.Default), Min: f.Min, Max: f.Max, Pattern: optString(f.Pattern), PatternHelp: optString(f.PatternHelp),
			Multiline: f.Multiline, Advanced: f.Advanced,
		}
		if c := f.ShownWhen; c != nil {
			cf.ShownWhen = &model.ConfigCondition{Field: c.Field, Equals: c.Equals}
		}
		for _, o := range f.Options {
			cf.Options = append(cf.Options, &model.ConfigOption{Value: o.Value, Label: o.Label})
		}
		out.ConfigFields = append(out.ConfigFields, cf)
	}
	return out
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// providerOrUnknown describes a provider id, also one this server no longer offers.
func (r *Resolver) providerOrUnknown(id string) *model.Provider {
	if p, ok := r.Registry.Get(id); ok {
		return providerModel(p)
	}
	return &model.Provider{ID: id, DisplayName: id, Description: "This server does not offer this provider.",
		Capabilities: &model.ProviderCapabilities{}, ConfigFields: []*model.ConfigField{}, SyncModes: []model.SyncMode{}, Actions: []model.ProviderAction{}}
}
