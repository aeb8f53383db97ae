// Package web is the rmmgraph console: a React app (src/) whose built
// bundle (dist/, made by `make generate`) is embedded in the binary.
package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed dist
var dist embed.FS

// Console serves the console's page and its assets: index.html for "/",
// the hashed bundle files under /assets/, cached for a year since their
// names change with their content.
func Console() (page, assets http.Handler) {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	index, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		panic("web: the console bundle is missing: run make generate")
	}
	page = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(index)
	})
	files := http.FileServerFS(sub)
	assets = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		files.ServeHTTP(w, r)
	})
	return page, assets
}
