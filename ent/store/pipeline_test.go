package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/auditentry"
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

// Later's query waits for the next statement that answers — here COMMIT —
// and reads what the writes queued before it did; off PostgreSQL there is
// no pipeline to queue in.
func TestLaterReadsItsAnswerWithTheCommit(t *testing.T) {
	st, tenants, _ := twoTenants(t)
	ctx := store.Pipelined(tenancy.WithTenant(context.Background(), tenants[0]))
	n := -1
	err := store.WithTx(ctx, st.Client, func(tx *ent.Client) error {
		if err := tx.User.Create().SetEmail("l1@a.test").SetName("l").Exec(ctx); err != nil {
			return err
		}
		err := store.Later(ctx, `SELECT count(*) FROM users WHERE tenant_id = $1`, []any{tenants[0]}, func(rows entsql.ColumnScanner) error {
			if !rows.Next() {
				return errors.New("no row")
			}
			return rows.Scan(&n)
		})
		if st.Dialect != dialect.Postgres {
			if err == nil {
				t.Error("Later queued on SQLite, which has no pipeline")
			}
			return nil
		}
		if err != nil {
			return err
		}
		if n != -1 {
			t.Errorf("Later's rows were read before anything answered: %d", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := 2; st.Dialect == dialect.Postgres && n != want {
		t.Fatalf("Later read %d users at commit, want %d (the seeded one and the queued insert)", n, want)
	}
}

// Migration 000016: on PostgreSQL a ticket inserted with an empty number
// takes the number its transaction's counter UPDATE left in
// kefu.ticket_number, and its audit entry records that number; with none
// taken the insert fails (SQLSTATE KF001). SQLite has no such trigger: the
// number stays empty.
func TestATicketWithoutANumberTakesTheTransactionsOrFails(t *testing.T) {
	st, tenants, users := twoTenants(t)
	ctx := tenancy.WithTenant(context.Background(), tenants[0])
	create := func(tx *ent.Client, id string) error {
		return tx.Ticket.Create().SetID(id).SetNumber("").SetType("inquiry").SetChannel("web").SetSubject("s").
			SetPriority("normal").SetSeverity("normal").SetStatus("new").SetCreatedBy(users[0]).Exec(ctx)
	}
	err := store.WithTx(ctx, st.Client, func(tx *ent.Client) error { return create(tx, "tkt_none") })
	if st.Dialect != dialect.Postgres {
		if err != nil {
			t.Fatalf("SQLite refused a ticket without a number: %v", err)
		}
		return
	}
	if err == nil || !strings.Contains(err.Error(), "KF001") {
		t.Fatalf("a ticket with no number taken: %v, want SQLSTATE KF001", err)
	}
	err = store.WithTx(ctx, st.Client, func(tx *ent.Client) error {
		if _, err := tx.ExecContext(ctx, `SELECT set_config('kefu.ticket_number', 'T-2026-000042', true)`); err != nil {
			return err
		}
		return create(tx, "tkt_taken")
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Ticket.GetX(ctx, "tkt_taken").Number; got != "T-2026-000042" {
		t.Fatalf("number %q, want the one the transaction took", got)
	}
	a := st.AuditEntry.Query().Where(auditentry.TargetID("tkt_taken"), auditentry.Action("create")).OnlyX(tenancy.System(ctx))
	if got := a.Changes["number"]; got != "T-2026-000042" {
		t.Fatalf("audit entry records number %v, want the ticket's", got)
	}
	if n := st.Ticket.Query().CountX(ctx); n != 1 {
		t.Fatalf("%d tickets, want only the numbered one", n)
	}
}
