package graph

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/rmmgraph/rmmgraph/ingest"
)

// callbackPage is what the admin sees after signing in to an RMM.
var callbackPage = template.Must(template.New("callback").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}} · rmmgraph</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2933}
h1{font-size:1.4rem}.ok{color:#0b6e4f}.fail{color:#b42318}</style></head>
<body><h1 class="{{.Class}}">{{.Title}}</h1><p>{{.Message}}</p></body></html>
`))

// oauthCallback is GET /oauth/{provider}/callback: it completes the
// authorization the state names, whichever tenant started it.
func oauthCallback(e *ingest.Engine, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
		defer cancel()
		page := struct{ Title, Message, Class string }{Class: "fail"}
		status := http.StatusOK
		if q.Get("state") == "" {
			page.Title, page.Message, status = "Not signed in", "This page is where an RMM returns after you sign in; open it by starting the authorization in rmmgraph (beginAuthorization).", http.StatusBadRequest
		} else {
			rmmError := q.Get("error")
			if d := q.Get("error_description"); d != "" {
				rmmError += ": " + d
			}
			name, err := e.Syncer.CompleteAuthorization(ctx, e.Store, r.PathValue("provider"), q.Get("state"), q.Get("code"), shorten(rmmError, 200))
			var ae *ingest.AuthorizationError
			switch {
			case err == nil:
				page.Title, page.Message, page.Class = name+" is connected", "rmmgraph can now reach "+name+". You can close this window.", "ok"
			case errors.As(err, &ae):
				page.Title, page.Message, status = "Not connected", ae.Message, http.StatusBadRequest
			default:
				log.Error("complete authorization", "provider", r.PathValue("provider"), "err", err)
				page.Title, page.Message, status = "Not connected", "rmmgraph could not complete the sign-in (details are in the server log). Try again in a moment.", http.StatusInternalServerError
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		callbackPage.Execute(w, page)
	})
}
