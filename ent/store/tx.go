package store

import (
	"context"
	"errors"
	"fmt"

	"kefu/ent"
)

// WithTx runs fn in a transaction on db and commits when fn returns nil.
// Called with a client that is already transactional, it joins that
// transaction, so domain functions compose.
func WithTx(ctx context.Context, db *ent.Client, fn func(tx *ent.Client) error) error {
	tx, err := db.Tx(ctx)
	if errors.Is(err, ent.ErrTxStarted) {
		return fn(db)
	}
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
