package graph

import (
	"errors"
	"io"
	"net/http"

	"github.com/rmmgraph/rmmgraph/ingest"
)

// maxWebhookBody caps a webhook delivery.
const maxWebhookBody = 1 << 20

// webhookHandler is POST /webhooks/{provider}/{integration}: it answers
// once the delivery is stored; processing follows in the background.
func webhookHandler(w *ingest.Webhooks) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		provider := r.PathValue("provider")
		if r.ContentLength > maxWebhookBody {
			w.RefuseTooLarge(provider)
			writeJSON(rw, http.StatusRequestEntityTooLarge, map[string]string{"error": "the body exceeds 1 MiB"})
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxWebhookBody+1))
		if err != nil {
			writeJSON(rw, http.StatusBadRequest, map[string]string{"error": "could not read the body"})
			return
		}
		if len(body) > maxWebhookBody {
			w.RefuseTooLarge(provider)
			writeJSON(rw, http.StatusRequestEntityTooLarge, map[string]string{"error": "the body exceeds 1 MiB"})
			return
		}
		a, err := w.Accept(r.Context(), provider, r.PathValue("integration"), r.Header, body)
		var malformed *ingest.MalformedDelivery
		switch {
		case errors.Is(err, ingest.ErrWebhookUnauthorized):
			writeJSON(rw, http.StatusUnauthorized, map[string]string{"error": "unauthorized"})
		case errors.As(err, &malformed):
			writeJSON(rw, http.StatusBadRequest, map[string]string{"error": shorten(malformed.Reason, 200)})
		case err != nil:
			writeJSON(rw, http.StatusServiceUnavailable, map[string]string{"error": "the delivery could not be stored; send it again"})
		default:
			status := "accepted"
			if a.Duplicate {
				status = "duplicate"
			}
			writeJSON(rw, http.StatusOK, map[string]any{"status": status, "deliveryId": a.DeliveryID, "events": a.Events, "ignored": a.Ignored})
		}
	})
}

// shorten cuts s to at most n bytes on a rune boundary.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
