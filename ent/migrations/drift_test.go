package migrations_test

import (
	"context"
	"strings"
	"testing"

	"kefu/ent/migrations"
	"kefu/testkit"
)

// TestNoDrift fails when the ent schema changed without a migration:
// after applying every file, planning against the code must find nothing.
func TestNoDrift(t *testing.T) {
	st := testkit.Store(t)
	plan, err := migrations.Plan(context.Background(), st.DB, st.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan) > 0 {
		t.Fatalf("schema and %s migrations drifted; run `go tool task migrate:new NAME=…`. Missing:\n%s", st.Dialect, strings.Join(plan, "\n"))
	}
}

func TestApplyIsIdempotent(t *testing.T) {
	st := testkit.Store(t)
	again, err := migrations.Apply(context.Background(), st.DB, st.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 0 {
		t.Fatalf("second apply ran %v", again)
	}
	pending, err := migrations.Pending(context.Background(), st.DB, st.Dialect)
	if err != nil || len(pending) != 0 {
		t.Fatalf("pending after apply: %v %v", pending, err)
	}
}

func TestStatementsSplitsOnTrailingSemicolons(t *testing.T) {
	got := migrations.Statements("-- comment\nCREATE TABLE a (x int);\n\nCREATE INDEX i\n  ON a (x);\n")
	if len(got) != 2 || got[1] != "CREATE INDEX i\n  ON a (x);" {
		t.Fatalf("got %q", got)
	}
	fn := "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  -- why\n  RETURN NEW;\nEND $$;"
	got = migrations.Statements(fn + "\nCREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();\n")
	if len(got) != 2 || got[0] != fn {
		t.Fatalf("a $$ body was split: %q", got)
	}
}
