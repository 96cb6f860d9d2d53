package store_test

import (
	"context"
	"errors"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/store"
	"kefu/ent/user"
	"kefu/tenants/tenancy"
)

// countUsers counts a tenant's users with raw SQL through QueryRows, so
// inside a pipelined transaction it travels with the queued writes.
func countUsers(ctx context.Context, c *ent.Client, tenantID string) (int, error) {
	var n int
	err := store.QueryRows(ctx, c, `SELECT count(*) FROM users WHERE tenant_id = $1`, []any{tenantID}, func(rows entsql.ColumnScanner) error {
		if !rows.Next() {
			return errors.New("no row")
		}
		return rows.Scan(&n)
	})
	return n, err
}

func TestPipelinedTransactionCommitsItsWritesInOrder(t *testing.T) {
	st, tenants, _ := twoTenants(t)
	ctx := store.Pipelined(tenancy.WithTenant(context.Background(), tenants[0]))
	err := store.WithTx(ctx, st.Client, func(tx *ent.Client) error {
		if got, want := store.Deferring(ctx), st.Dialect == dialect.Postgres; got != want {
			t.Errorf("deferring inside the transaction = %v on %s", got, st.Dialect)
		}
		for _, email := range []string{"p1@a.test", "p2@a.test"} {
			if _, err := tx.User.Create().SetEmail(email).SetName("p").Save(ctx); err != nil {
				return err
			}
		}
		// The queued INSERTs reach the server before the query reads.
		n, err := countUsers(ctx, tx, tenants[0])
		if err != nil {
			return err
		}
		if n != 3 {
			t.Errorf("inside the transaction: %d users, want 3", n)
		}
		// An update needs its row count: it goes out with the queue.
		return tx.User.Update().Where(user.Email("p2@a.test")).SetName("q").Exec(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if store.Deferring(ctx) {
		t.Fatal("still deferring after commit")
	}
	a := tenancy.WithTenant(context.Background(), tenants[0])
	if n := st.User.Query().CountX(a); n != 3 {
		t.Fatalf("after commit: %d users, want 3", n)
	}
	if u := st.User.Query().Where(user.Email("p2@a.test")).OnlyX(a); u.Name != "q" {
		t.Fatalf("update lost: name %q", u.Name)
	}
	// The same context runs a second transaction, and the pool still works.
	if err := store.WithTx(ctx, st.Client, func(tx *ent.Client) error {
		return tx.User.Create().SetEmail("p3@a.test").SetName("p").Exec(ctx)
	}); err != nil {
		t.Fatal(err)
	}
	if n := st.User.Query().CountX(a); n != 4 {
		t.Fatalf("after the second transaction: %d users, want 4", n)
	}
}

func TestPipelinedTransactionRollsBackEverything(t *testing.T) {
	st, tenants, _ := twoTenants(t)
	ctx := store.Pipelined(tenancy.WithTenant(context.Background(), tenants[0]))
	boom := errors.New("boom")
	err := store.WithTx(ctx, st.Client, func(tx *ent.Client) error {
		if err := tx.User.Create().SetEmail("r1@a.test").SetName("r").Exec(ctx); err != nil {
			return err
		}
		if _, err := countUsers(ctx, tx, tenants[0]); err != nil { // sends the queue
			return err
		}
		if err := tx.User.Create().SetEmail("r2@a.test").SetName("r").Exec(ctx); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WithTx = %v, want boom", err)
	}
	if n := st.User.Query().CountX(tenancy.WithTenant(context.Background(), tenants[0])); n != 1 {
		t.Fatalf("after rollback: %d users, want the 1 seeded", n)
	}
}

func TestAFailingDeferredInsertFailsTheCommit(t *testing.T) {
	st, tenants, _ := twoTenants(t)
	ctx := store.Pipelined(tenancy.WithTenant(context.Background(), tenants[0]))
	err := store.WithTx(ctx, st.Client, func(tx *ent.Client) error {
		if err := tx.User.Create().SetEmail("ok@a.test").SetName("ok").Exec(ctx); err != nil {
			return err
		}
		// The seeded user's email again: a unique violation, reported by
		// this call on SQLite and by COMMIT when pipelined.
		return tx.User.Create().SetEmail("u@a.test").SetName("dup").Exec(ctx)
	})
	if err == nil {
		t.Fatal("duplicate email committed")
	}
	a := tenancy.WithTenant(context.Background(), tenants[0])
	if n := st.User.Query().CountX(a); n != 1 {
		t.Fatalf("after the failed commit: %d users, want the 1 seeded", n)
	}
	// The connection went back to the pool usable.
	if n, err := countUsers(a, st.Client, tenants[0]); err != nil || n != 1 {
		t.Fatalf("count after failure: %d, %v", n, err)
	}
}
