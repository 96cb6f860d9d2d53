package migrations

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"

	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	"kefu/ent/migrate"
)

// Plan returns the statements that would bring db's schema to the ent
// schema in code. Empty means no drift: the drift test asserts that after
// Apply, and gen/ writes a non-empty plan as the next migration file.
func Plan(ctx context.Context, db *sql.DB, dia string) ([]string, error) {
	var buf bytes.Buffer
	drv := &schema.WriteDriver{Writer: &buf, Driver: entsql.OpenDB(dia, db)}
	m, err := schema.NewMigrate(drv,
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
		schema.WithForeignKeys(true),
	)
	if err != nil {
		return nil, fmt.Errorf("plan migration: %w", err)
	}
	if err := m.Create(ctx, migrate.Tables...); err != nil {
		return nil, fmt.Errorf("plan migration: %w", err)
	}
	var out []string
	for _, stmt := range Statements(buf.String()) {
		switch strings.ToUpper(strings.TrimSuffix(stmt, ";")) {
		case "BEGIN", "COMMIT":
			continue
		}
		if !strings.HasSuffix(stmt, ";") {
			stmt += ";"
		}
		out = append(out, stmt)
	}
	return out, nil
}
