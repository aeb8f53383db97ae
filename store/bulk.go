package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// bulkTx is one write transaction of the sync pipeline. On Postgres it is a
// native pgx transaction, so new rows go in with COPY; on SQLite it is a
// database/sql transaction with multi-row INSERTs. Queries use ? placeholders.
type bulkTx interface {
	exec(ctx context.Context, query string, args ...any) (int64, error)
	// insertRows appends rows (values in cols order) to table.
	insertRows(ctx context.Context, table string, cols []string, rows [][]any) error
}

// inBulkTx runs fn in one transaction on one connection.
func (s *Store) inBulkTx(ctx context.Context, fn func(bulkTx) error) error {
	if s.dialect == SQLite {
		tx, err := s.DB.DB.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := fn(&sqliteBulk{tx: tx}); err != nil {
			tx.Rollback()
			return err
		}
		return tx.Commit()
	}
	conn, err := s.DB.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		// A sync batch is idempotent and re-run after a crash, so it need not
		// wait for the WAL flush; a crash loses at most the last batches,
		// never consistency.
		if _, err := tx.Exec(ctx, "SET LOCAL synchronous_commit TO OFF"); err != nil {
			tx.Rollback(ctx)
			return err
		}
		if err := fn(&pgBulk{tx: tx}); err != nil {
			tx.Rollback(context.WithoutCancel(ctx))
			return err
		}
		return tx.Commit(ctx)
	})
}

type pgBulk struct{ tx pgx.Tx }

func (b *pgBulk) exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := b.tx.Exec(ctx, rebindDollar(query), args...)
	return tag.RowsAffected(), err
}

func (b *pgBulk) insertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	for _, r := range rows {
		for i, v := range r {
			r[i] = copyValue(v)
		}
	}
	_, err := b.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("copy into %s: %w", table, err)
	}
	return nil
}

// copyValue is v as COPY's binary encoding takes it directly: a UUID's
// driver.Valuer gives its text form, which pgx can only encode after a failed
// attempt and a parse, at about a third of a first sync's COPY time.
func copyValue(v any) any {
	switch t := v.(type) {
	case uuid.UUID:
		return [16]byte(t)
	case *uuid.UUID:
		if t == nil {
			return nil
		}
		return [16]byte(*t)
	}
	return v
}

// rebindDollar turns ? placeholders into $1, $2, …
func rebindDollar(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type sqliteBulk struct{ tx *sql.Tx }

func (b *sqliteBulk) exec(ctx context.Context, query string, args ...any) (int64, error) {
	for i, a := range args {
		args[i] = sqliteValue(a)
	}
	res, err := b.tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// sqliteMaxVars is SQLite's limit on bound parameters per statement.
const sqliteMaxVars = 32766

func (b *sqliteBulk) insertRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := max(1, sqliteMaxVars/len(cols))
	head := "INSERT INTO " + quoteIdent(table) + " (" + quoteList(cols) + ") VALUES "
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		var q strings.Builder
		q.WriteString(head)
		args := make([]any, 0, len(chunk)*len(cols))
		for i, r := range chunk {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString(tuple)
			for _, v := range r {
				args = append(args, sqliteValue(v))
			}
		}
		if _, err := b.tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

// sqliteTimeFormat is how bun writes times to SQLite; bulk writes use the
// same text so that stored times compare and sort alike.
const sqliteTimeFormat = "2006-01-02 15:04:05.999999-07:00"

func sqliteValue(v any) any {
	switch t := v.(type) {
	case time.Time:
		return t.UTC().Format(sqliteTimeFormat)
	case *time.Time:
		if t == nil {
			return nil
		}
		return t.UTC().Format(sqliteTimeFormat)
	}
	return v
}

func quoteIdent(s string) string { return `"` + s + `"` }

func quoteList(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quoteIdent(c)
	}
	return strings.Join(q, ", ")
}

// bulkUpdate sets the set columns of the rows of table matched by the key
// columns: rows (key values then set values) go into a temporary staging
// table with one bulk insert, then one UPDATE … FROM applies them.
func bulkUpdate(ctx context.Context, tx bulkTx, d Dialect, table string, key, set []string, rows [][]any, seq int) error {
	if len(rows) == 0 {
		return nil
	}
	cols := append(append([]string{}, key...), set...)
	stage := fmt.Sprintf("stage_%s_%d", table, seq)
	create := "CREATE TEMP TABLE " + stage + " ON COMMIT DROP AS SELECT " + quoteList(cols) + " FROM " + quoteIdent(table) + " WITH NO DATA"
	if d == SQLite {
		create = "CREATE TEMP TABLE " + stage + " AS SELECT " + quoteList(cols) + " FROM " + quoteIdent(table) + " WHERE 0"
	}
	if _, err := tx.exec(ctx, create); err != nil {
		return fmt.Errorf("stage %s: %w", table, err)
	}
	if err := tx.insertRows(ctx, stage, cols, rows); err != nil {
		return err
	}
	var q strings.Builder
	q.WriteString("UPDATE " + quoteIdent(table) + " SET ")
	for i, c := range set {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(quoteIdent(c) + " = s." + quoteIdent(c))
	}
	q.WriteString(" FROM " + stage + " AS s WHERE ")
	for i, k := range key {
		if i > 0 {
			q.WriteString(" AND ")
		}
		q.WriteString(quoteIdent(table) + "." + quoteIdent(k) + " = s." + quoteIdent(k))
	}
	if _, err := tx.exec(ctx, q.String()); err != nil {
		return fmt.Errorf("update %s: %w", table, err)
	}
	if d == SQLite {
		if _, err := tx.exec(ctx, "DROP TABLE "+stage); err != nil {
			return err
		}
	}
	return nil
}
