package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/rmmgraph/rmmgraph/graph/model"
	"github.com/rmmgraph/rmmgraph/ingest"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
	"github.com/rmmgraph/rmmgraph/store"
)

// Code is the error class a client sees in extensions.code.
type Code string

const (
	CodeUnauthenticated Code = "UNAUTHENTICATED"
	CodeForbidden       Code = "FORBIDDEN"
	CodeNotFound        Code = "NOT_FOUND"
	CodeBadUserInput    Code = "BAD_USER_INPUT"
	CodeConflict        Code = "CONFLICT"
	CodeUpstream        Code = "UPSTREAM"
	CodeRateLimited     Code = "RATE_LIMITED"
	CodeComplexityLimit Code = "COMPLEXITY_LIMIT"
	CodeInternal        Code = "INTERNAL"
	// CodeSecretKey: the server runs with another secret key than the one
	// that sealed the stored credentials.
	CodeSecretKey Code = "SECRET_KEY_MISMATCH"
)

// Error is an error whose message is safe to show to the caller.
type Error struct {
	Code    Code
	Message string
}

func (e *Error) Error() string { return e.Message }

func errorf(code Code, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// classify maps an error to what the caller may see. Anything not known to
// be safe becomes "internal error".
func classify(err error) (Code, string) {
	var e *Error
	var pe *rmm.Error
	switch {
	case errors.As(err, &e):
		return e.Code, e.Message
	case errors.As(err, &pe):
		if pe.Kind == rmm.ErrRateLimited {
			return CodeRateLimited, pe.Message
		}
		return CodeUpstream, pe.Message
	case errors.Is(err, store.ErrNotFound):
		return CodeNotFound, "not found"
	case errors.Is(err, store.ErrWrongKey), errors.Is(err, store.ErrKeyMismatch):
		return CodeSecretKey, "the server's secret key cannot open this integration's stored credentials: the operator must start it with the original key, or the credentials must be entered again"
	case errors.Is(err, store.ErrBadCursor):
		return CodeBadUserInput, "the `after` cursor is not valid for this list"
	case errors.Is(err, context.DeadlineExceeded):
		return CodeInternal, "request timed out"
	}
	return CodeInternal, "internal error"
}

// errorPresenter sets extensions.code on every error and hides internal text.
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		var gqlErr *gqlerror.Error
		if errors.As(err, &gqlErr) && gqlErr.Err == nil {
			// Made by gqlgen itself (argument coercion, etc.): the text is meant for the caller.
			out := graphql.DefaultErrorPresenter(ctx, gqlErr)
			if out.Extensions == nil {
				out.Extensions = map[string]any{}
			}
			if out.Extensions["code"] == nil {
				out.Extensions["code"] = string(CodeBadUserInput)
			}
			out.Extensions["requestId"] = requestID(ctx)
			return out
		}
		code, msg := classify(err)
		var safe *Error
		switch {
		case errors.Is(err, context.Canceled) && ctx.Err() != nil:
			// The caller went away (a page left mid-request): nothing failed.
			log.DebugContext(ctx, "request cancelled by the caller", "path", graphql.GetPath(ctx).String())
		case code == CodeInternal && !errors.As(err, &safe):
			log.ErrorContext(ctx, "request failed", "path", graphql.GetPath(ctx).String(), "err", err)
		}
		return &gqlerror.Error{
			Message:    msg,
			Path:       graphql.GetPath(ctx),
			Extensions: map[string]any{"code": string(code), "requestId": requestID(ctx)},
		}
	}
}

// recoverFunc turns a resolver panic into an internal error, logging it.
func recoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return &Error{Code: CodeInternal, Message: "internal error"}
	}
}

func userError(code model.UserErrorCode, field string, format string, args ...any) *model.UserError {
	return &model.UserError{Field: []string{"input", field}, Code: code, Message: fmt.Sprintf(format, args...)}
}

func notFoundError(field, what, id string) *model.UserError {
	return userError(model.UserErrorCodeNotFound, field, "no %s with ID %q", what, id)
}

// userErrors sorts an error of the service layer: what the caller can fix
// becomes userErrors; anything else is returned, to become a top-level
// error with its extensions.code.
func userErrors(err error) ([]*model.UserError, error) {
	var re *ingest.RequestError
	var fe ingest.FieldErrors
	switch {
	case err == nil:
		return []*model.UserError{}, nil
	case errors.As(err, &fe):
		out := make([]*model.UserError, len(fe))
		for i, e := range fe {
			out[i] = &model.UserError{Field: []string{"input", "values", e.Key}, Message: e.Message, Code: model.UserErrorCodeInvalid}
		}
		return out, nil
	case errors.As(err, &re):
		return []*model.UserError{requestUserError(re)}, nil
	}
	return nil, err
}

func requestUserError(re *ingest.RequestError) *model.UserError {
	code := model.UserErrorCodeInvalid
	if re.NotFound {
		code = model.UserErrorCodeNotFound
	}
	ue := userError(code, re.Field, "%s", re.Message)
	ue.Field = append([]string{"input"}, strings.Split(re.Field, ".")...) // "scopeIds.1": the second scope id
	return ue
}
