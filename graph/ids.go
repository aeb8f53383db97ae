package graph

import (
	"encoding/base64"
	"strings"

	"github.com/google/uuid"
)

// Global IDs are base64url("<Type>:<uuid>"): opaque to clients, and they
// carry the type so node(id:) knows where to look.
const (
	typeTenant       = "Tenant"
	typeClient       = "Client"
	typeIntegration  = "Integration"
	typeScopeMapping = "ScopeMapping"
	typeSyncRun      = "SyncRun"
	typeAsset        = "Asset"
)

func globalID(typ string, id uuid.UUID) string {
	return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + id.String()))
}

// parseGlobalID decodes an ID made by globalID. ok is false for anything else.
func parseGlobalID(gid string) (typ string, id uuid.UUID, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(gid)
	if err != nil {
		return "", uuid.Nil, false
	}
	typ, key, found := strings.Cut(string(raw), ":")
	if !found {
		return "", uuid.Nil, false
	}
	id, err = uuid.Parse(key)
	if err != nil {
		return "", uuid.Nil, false
	}
	return typ, id, true
}

// parseIDOf decodes a global ID that must be of type typ.
func parseIDOf(typ, gid string) (uuid.UUID, bool) {
	t, id, ok := parseGlobalID(gid)
	return id, ok && t == typ
}

// SyncRunID is a run's global ID, as syncRun(id:) takes it.
func SyncRunID(id uuid.UUID) string { return globalID(typeSyncRun, id) }
