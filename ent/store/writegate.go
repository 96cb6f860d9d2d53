package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// writeWait bounds how long a transaction waits for SQLite's one writer,
// matching the busy_timeout other processes on the file wait.
const writeWait = 10 * time.Second

// writeGate lets one transaction at a time take a pooled SQLite connection.
// Transactions are immediate (they hold the file's write lock), so the rest
// would only sit in busy_timeout on connections of their own; with enough
// of them the pool runs dry and the writer, needing one more connection for
// a read outside its transaction, waits for them as they wait for it.
type writeGate chan struct{}

func (g writeGate) enter(ctx context.Context) error {
	t := time.NewTimer(writeWait)
	defer t.Stop()
	select {
	case g <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for the database writer: %w", ctx.Err())
	case <-t.C:
		return fmt.Errorf("wait for the database writer: another transaction held it for %s", writeWait)
	}
}

func (g writeGate) leave() { <-g }

// begin starts a transaction through the gate; the gate opens again when
// the transaction ends (or fails to start).
func (g writeGate) begin(ctx context.Context, d *entsql.Driver, opts *entsql.TxOptions) (dialect.Tx, error) {
	if err := g.enter(ctx); err != nil {
		return nil, err
	}
	tx, err := d.BeginTx(ctx, opts)
	if err != nil {
		g.leave()
		return nil, err
	}
	return &gatedTx{Tx: tx.(*entsql.Tx), leave: sync.OnceFunc(g.leave)}, nil
}

// gatedTx is a transaction holding the gate.
type gatedTx struct {
	*entsql.Tx
	leave func()
}

func (t *gatedTx) Commit() error {
	defer t.leave()
	return t.Tx.Commit()
}

func (t *gatedTx) Rollback() error {
	defer t.leave()
	return t.Tx.Rollback()
}
