package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// ChangedFields says, for each write, which of the columns it would set
// differ from the stored ones, as "column" for the asset row and
// "table.column" for its extension row: what a preview shows for an update.
// A write that creates its asset lists nothing.
func (t *TenantDB) ChangedFields(ctx context.Context, ws []DeviceWrite) ([][]string, error) {
	out := make([][]string, len(ws))
	byTable := map[*table][]int{}
	for i, w := range ws {
		if w.Create {
			continue
		}
		if w.Asset == AssetContent || w.Asset == AssetHeartbeat {
			byTable[assetsTable] = append(byTable[assetsTable], i)
		}
		if w.Extension && w.Rows.extTable != nil {
			byTable[w.Rows.extTable] = append(byTable[w.Rows.extTable], i)
		}
	}
	for _, tbl := range writtenTables { // the asset's columns first, then its extension's
		idx := byTable[tbl]
		if len(idx) == 0 {
			continue
		}
		ids := make([]uuid.UUID, len(idx))
		for j, i := range idx {
			ids[j] = ws[i].AssetID
		}
		var rows []map[string]any
		if err := t.s.DB.NewSelect().Table(tbl.name).Column(append([]string{"asset_id"}, tbl.colNames()...)...).
			Where("tenant = ? AND asset_id IN (?)", t.id, bun.In(ids)).Scan(ctx, &rows); err != nil {
			return nil, fmt.Errorf("read stored %s: %w", tbl.name, err)
		}
		stored := map[string]map[string]any{}
		for _, r := range rows {
			stored[canonical(r["asset_id"])] = r
		}
		for _, i := range idx {
			w := ws[i]
			r, prefix := w.Rows.asset, ""
			if tbl != assetsTable {
				r, prefix = w.Rows.ext, tbl.name+"."
			} else if w.Asset == AssetHeartbeat {
				r.mask &= assetHeartbeat
			}
			have, found := stored[w.AssetID.String()]
			for c, col := range tbl.cols {
				if r.mask&(1<<uint(c)) == 0 || (tbl == assetsTable && (1<<uint(c))&assetStamps != 0) {
					continue
				}
				if !found || canonical(have[col.name]) != canonical(r.vals[c]) {
					out[i] = append(out[i], prefix+col.name)
				}
			}
		}
	}
	return out, nil
}

// canonical renders a stored or written value so that equal values of
// either dialect compare equal: times as UTC microseconds, JSON compacted
// with sorted keys, numbers without a trailing fraction.
func canonical(v any) string {
	switch x := v.(type) {
	case nil:
		return "<nil>"
	case time.Time:
		return strconv.FormatInt(x.UTC().UnixMicro(), 10)
	case []byte:
		return canonical(string(x))
	case uuid.UUID:
		return x.String()
	case bool:
		if x {
			return "1"
		}
		return "0"
	case int, int32, int64:
		return fmt.Sprint(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		if t, err := time.Parse(sqliteTimeFormat, x); err == nil {
			return canonical(t)
		}
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return canonical(t)
		}
		if n, err := strconv.ParseFloat(x, 64); err == nil && strings.TrimSpace(x) == x {
			return strconv.FormatFloat(n, 'f', -1, 64)
		}
		if strings.HasPrefix(x, "{") || strings.HasPrefix(x, "[") {
			var j any
			if json.Unmarshal([]byte(x), &j) == nil {
				b, _ := json.Marshal(j) // maps marshal with sorted keys
				return string(bytes.TrimSpace(b))
			}
		}
		return x
	}
	return fmt.Sprint(v)
}
