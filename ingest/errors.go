package ingest

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/rmmgraph/rmmgraph/providers"
	"github.com/rmmgraph/rmmgraph/providers/rmm"
)

// RequestError is a request that cannot be served; the message says why.
type RequestError struct {
	Field, Message string
	NotFound       bool // the request names something that does not exist
}

func (e *RequestError) Error() string { return e.Message }

func badRequest(field, format string, args ...any) error {
	return &RequestError{Field: field, Message: fmt.Sprintf(format, args...)}
}

func unknownProvider(id string) error {
	return &RequestError{Field: "provider", Message: fmt.Sprintf("no provider %q; see the providers query", id), NotFound: true}
}

// FieldErrors are configuration values a provider cannot use.
type FieldErrors []providers.FieldError

func (e FieldErrors) Error() string {
	msgs := make([]string, len(e))
	for i, fe := range e {
		msgs[i] = fe.Message
	}
	return strings.Join(msgs, "; ")
}

// logDetail writes what an RMM said about a failure to the server log:
// the API shows only the provider's classified message.
func logDetail(log *slog.Logger, what, provider string, err error) {
	if pe, ok := providerError(err); ok && (pe.Detail != "" || pe.Err != nil) {
		detail := pe.Detail
		if detail == "" {
			detail = pe.Err.Error()
		}
		log.Warn(what, "provider", provider, "err", pe.Message, "detail", detail)
	}
}

// providerError returns the RMM failure an error explains, if it is one.
func providerError(err error) (*rmm.Error, bool) {
	var pe *rmm.Error
	ok := errors.As(err, &pe)
	return pe, ok
}
