package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"kefu/ent"
	"kefu/ent/store"
	"kefu/ent/user"
	"kefu/tenants/tenancy"
)

// More writers at once than the pool has connections, each reading through
// the plain client in the middle of its transaction (as escalation reads the
// org chart): all commit. On SQLite, writers waiting for the write lock on
// pooled connections used to leave the lock holder none for its read.
func TestConcurrentWritersStillReadOutsideTheirTransactions(t *testing.T) {
	st, tenants, _ := twoTenants(t)
	ctx := tenancy.WithTenant(context.Background(), tenants[0])
	const writers = 20
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- store.WithTx(ctx, st.Client, func(tx *ent.Client) error {
				if err := tx.User.Create().SetEmail(fmt.Sprintf("w%d@a.test", i)).SetName("w").Exec(ctx); err != nil {
					return err
				}
				_, err := st.Client.User.Query().Where(user.NameEQ("a")).Count(ctx)
				return err
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("writer: %v", err)
		}
	}
	if n := st.Client.User.Query().CountX(ctx); n != writers+1 {
		t.Fatalf("%d users, want %d", n, writers+1)
	}
}
