package graph

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/rmmgraph/rmmgraph/store"
)

type ctxKey int

const (
	principalKey ctxKey = iota
	tenantDBKey
	loadersKey
)

// withAuth authenticates every request by its API key and scopes it to the
// key's tenant: the one place where a tenant is chosen.
func withAuth(s *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearer(r.Header.Get("Authorization"))
		if !ok {
			writeError(w, http.StatusUnauthorized, CodeUnauthenticated, "missing API key: send the header `Authorization: Bearer <key>`")
			return
		}
		p, err := s.Authenticate(r.Context(), token)
		if errors.Is(err, store.ErrBadKey) {
			writeError(w, http.StatusUnauthorized, CodeUnauthenticated, "invalid or revoked API key")
			return
		}
		if err != nil {
			writeError(w, http.StatusServiceUnavailable, CodeInternal, "internal error")
			return
		}
		next.ServeHTTP(w, r.WithContext(authenticated(r.Context(), s, p)))
	})
}

// authenticated is ctx for a request of p: its principal, its tenant's
// database and the request's loaders.
func authenticated(ctx context.Context, s *store.Store, p store.Principal) context.Context {
	db := s.Tenant(p.TenantID)
	ctx = context.WithValue(ctx, principalKey, p)
	ctx = context.WithValue(ctx, tenantDBKey, db)
	return context.WithValue(ctx, loadersKey, newLoaders(db))
}

func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

func principal(ctx context.Context) store.Principal {
	p, _ := ctx.Value(principalKey).(store.Principal)
	return p
}

// tenantDB is the caller's tenant-scoped store. Resolvers reach data only
// through it.
func tenantDB(ctx context.Context) *store.TenantDB {
	t, _ := ctx.Value(tenantDBKey).(*store.TenantDB)
	if t == nil {
		panic("graph: request reached a resolver without authentication")
	}
	return t
}

// requireAdminForMutations refuses every mutation from a viewer key, before
// any resolver runs.
type requireAdminForMutations struct{}

func (requireAdminForMutations) ExtensionName() string                   { return "RequireAdminForMutations" }
func (requireAdminForMutations) Validate(graphql.ExecutableSchema) error { return nil }
func (requireAdminForMutations) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation != nil && oc.Operation.Operation == ast.Mutation && principal(ctx).Role != store.RoleAdmin {
		err := gqlerror.Errorf("this API key has the viewer role: mutations need an admin key")
		err.Extensions = map[string]any{"code": string(CodeForbidden)}
		return err
	}
	return nil
}
