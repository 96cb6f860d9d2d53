package billing

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"
	"unicode/utf8"

	entsql "entgo.io/ent/dialect/sql/schema"

	"kefu/ent"
	"kefu/ent/migrate"
	"kefu/ent/store"
	enttenant "kefu/ent/tenant"
	"kefu/tenants/tenancy"
)

// Purge exports a canceled tenant's data, past its retention period, to a
// JSON-lines file in the export folder, then deletes every row of it and
// the tenant itself. It checks the tenant is still due (a resubscribed or
// operator-held tenant is kept), so a repeated or late task is harmless.
func (s *Service) Purge(ctx context.Context, tenantID string) error {
	sys := tenancy.System(tenancy.WithTenant(ctx, tenantID))
	t, err := s.db.Tenant.Get(sys, tenantID)
	if ent.IsNotFound(err) {
		return nil // purged already
	}
	if err != nil {
		return fmt.Errorf("purge %s: %w", tenantID, err)
	}
	if !s.purgeDue(t) {
		return nil
	}
	path, rows, err := s.export(sys, t)
	if err != nil {
		return fmt.Errorf("purge %s: %w", tenantID, err)
	}
	err = store.WithTx(sys, s.db, func(tx *ent.Client) error {
		cur, err := lockTenant(sys, tx, tenantID)
		if err != nil {
			return err
		}
		if !s.purgeDue(cur) {
			return errNotDue
		}
		return deleteTenant(sys, tx, tenantID)
	})
	if err == errNotDue {
		return nil
	}
	if err != nil {
		return fmt.Errorf("purge %s: %w", tenantID, err)
	}
	if s.az != nil {
		if err := s.az.Changed(ctx); err != nil {
			return err
		}
	}
	slog.InfoContext(ctx, "tenant purged after retention", "tenant_id", tenantID, "export", path, "rows", rows)
	return nil
}

var errNotDue = fmt.Errorf("tenant no longer due for purge")

func (s *Service) purgeDue(t *ent.Tenant) bool {
	return t.Status == enttenant.StatusCanceled && t.CanceledAt != nil &&
		!s.now().Before(t.CanceledAt.Add(s.cfg.RetentionPeriod())) &&
		(t.SuspendedBy == nil || *t.SuspendedBy != enttenant.SuspendedByOperator)
}

// tenantTables are the tables holding tenant rows, children before the
// tables they reference, so deleting in this order satisfies every
// foreign key; the tenants table comes last.
func tenantTables() []*entsql.Table {
	var own []*entsql.Table
	for _, t := range migrate.Tables {
		if slices.ContainsFunc(t.Columns, func(c *entsql.Column) bool { return c.Name == "tenant_id" }) {
			own = append(own, t)
		}
	}
	var out []*entsql.Table
	done := map[string]bool{}
	var visit func(t *entsql.Table)
	visit = func(t *entsql.Table) {
		if done[t.Name] {
			return
		}
		done[t.Name] = true
		// Everything that references t goes first.
		for _, o := range own {
			for _, fk := range o.ForeignKeys {
				if fk.RefTable != nil && fk.RefTable.Name == t.Name && o.Name != t.Name {
					visit(o)
				}
			}
		}
		out = append(out, t)
	}
	for _, t := range own {
		visit(t)
	}
	return out
}

// export writes the tenant row and every row of every tenant table, one
// JSON object per line: {"table": …, "row": {…}}. It writes a temporary
// file and renames it, so an export on disk is always complete.
func (s *Service) export(ctx context.Context, t *ent.Tenant) (string, int, error) {
	if err := os.MkdirAll(s.exportDir, 0o750); err != nil {
		return "", 0, fmt.Errorf("export folder: %w", err)
	}
	path := filepath.Join(s.exportDir, fmt.Sprintf("%s-%s.jsonl", t.Slug, t.ID))
	f, err := os.CreateTemp(s.exportDir, ".export-*")
	if err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	header := map[string]any{"kefu_export": 1, "tenant_id": t.ID, "slug": t.Slug, "exported_at": s.now().UTC().Format(time.RFC3339)}
	if err := enc.Encode(header); err != nil {
		return "", 0, err
	}
	n, err := exportRows(ctx, s.db, enc, "tenants", `SELECT * FROM tenants WHERE id = $1`, t.ID)
	if err != nil {
		return "", 0, err
	}
	for _, tbl := range tenantTables() {
		m, err := exportRows(ctx, s.db, enc, tbl.Name, fmt.Sprintf(`SELECT * FROM %q WHERE tenant_id = $1`, tbl.Name), t.ID)
		if err != nil {
			return "", 0, err
		}
		n += m
	}
	if err := w.Flush(); err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	if err := f.Sync(); err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return "", 0, fmt.Errorf("export: %w", err)
	}
	return path, n, nil
}

func exportRows(ctx context.Context, db *ent.Client, enc *json.Encoder, table, query string, args ...any) (int, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, fmt.Errorf("export %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, fmt.Errorf("export %s: %w", table, err)
	}
	n := 0
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("export %s: %w", table, err)
		}
		row := make(map[string]any, len(cols))
		for i, c := range cols {
			row[c] = exportValue(vals[i])
		}
		if err := enc.Encode(map[string]any{"table": table, "row": row}); err != nil {
			return n, fmt.Errorf("export %s: %w", table, err)
		}
		n++
	}
	return n, rows.Err()
}

// exportValue keeps JSON columns as JSON and text as text; other bytes
// are base64 (encoding/json's way for []byte).
func exportValue(v any) any {
	b, ok := v.([]byte)
	if !ok {
		return v
	}
	if json.Valid(b) {
		return json.RawMessage(slices.Clone(b))
	}
	if utf8.Valid(b) {
		return string(b)
	}
	return slices.Clone(b)
}

// deleteTenant removes every row of the tenant, its authorization policy
// and the tenant row, in tx. Raw statements: the rows go without an audit
// trail of their own, since the audit log goes with them (the export keeps it).
func deleteTenant(ctx context.Context, tx *ent.Client, tenantID string) error {
	exec := func(q string, args ...any) error {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
		return nil
	}
	for _, tbl := range tenantTables() {
		if err := exec(fmt.Sprintf(`DELETE FROM %q WHERE tenant_id = $1`, tbl.Name), tenantID); err != nil {
			return err
		}
	}
	// Policies name the tenant as their domain: v1 of p lines, v2 of g lines.
	if err := exec(`DELETE FROM casbin_rules WHERE (ptype = 'p' AND v1 = $1) OR (ptype = 'g' AND v2 = $1)`, tenantID); err != nil {
		return err
	}
	return exec(`DELETE FROM tenants WHERE id = $1`, tenantID)
}
