package graph

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed graphiql/*.html graphiql/*.js graphiql/*.css
var graphiqlFiles embed.FS

// graphiqlHandler serves GraphiQL and its assets from the binary.
func graphiqlHandler() (page, assets http.Handler) {
	sub, _ := fs.Sub(graphiqlFiles, "graphiql")
	index, _ := fs.ReadFile(sub, "index.html")
	page = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(index)
	})
	return page, http.StripPrefix("/graphiql/", http.FileServerFS(sub))
}
