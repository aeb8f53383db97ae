package rmm

import (
	"errors"
	"fmt"
	"time"
)

// ErrorKind classifies what went wrong talking to an RMM.
type ErrorKind string

const (
	// ErrConfig: the configuration is wrong (bad URL, wrong host, malformed token).
	ErrConfig ErrorKind = "config"
	// ErrUnauthorized: the RMM rejected the credentials.
	ErrUnauthorized ErrorKind = "unauthorized"
	// ErrForbidden: the credentials lack a permission.
	ErrForbidden ErrorKind = "forbidden"
	// ErrRateLimited: the RMM asked to slow down, and retries ran out.
	ErrRateLimited ErrorKind = "rate_limited"
	// ErrUnavailable: the RMM failed or timed out (5xx, a broken answer),
	// retries ran out.
	ErrUnavailable ErrorKind = "unavailable"
	// ErrUnreachable: the RMM cannot be reached at all (connection refused,
	// no route, connect timeout); it will not answer for any scope.
	ErrUnreachable ErrorKind = "unreachable"
	// ErrBadResponse: the RMM answered something that cannot be used.
	ErrBadResponse ErrorKind = "bad_response"
	// ErrNotFound: the RMM does not know the object asked for.
	ErrNotFound ErrorKind = "not_found"
	// ErrReauthorize: an authorization the integration holds (an OAuth
	// refresh token) was revoked or expired for good: someone must
	// reconnect it.
	ErrReauthorize ErrorKind = "reauthorize"
)

// Error is a failure of an RMM call, with a message an admin can act on.
// Providers return it for every failure they can explain; the message is
// shown to users and recorded on sync runs, so it never holds secrets.
type Error struct {
	Kind       ErrorKind
	Message    string
	RetryAfter time.Duration
	// Detail is what the RMM said (its error text, a redirect target, a
	// dial error): for the server log, never shown through the API.
	Detail string
	Err    error
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// Errorf makes an Error of kind k.
func Errorf(k ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of a provider error, or "" for any other error.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return ""
}

// Fatal reports whether the error will repeat for every scope of a run, so
// a sync should stop rather than try the next scope.
func (e *Error) Fatal() bool {
	return e.Kind == ErrConfig || e.Kind == ErrUnauthorized || e.Kind == ErrUnreachable || e.Kind == ErrReauthorize
}

// NotFound reports whether the RMM does not know the object.
func (e *Error) NotFound() bool { return e.Kind == ErrNotFound }
