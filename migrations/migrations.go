// Package migrations holds the SQL schema of rmmgraph, one directory per
// dialect. Both directories hold the same versions: NNNN_name.up.sql and
// NNNN_name.down.sql.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed postgres/*.sql sqlite/*.sql
var files embed.FS

// FS returns the migration files of one dialect ("postgres" or "sqlite").
func FS(dialect string) (fs.FS, error) {
	return fs.Sub(files, dialect)
}
