package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Pipelined marks ctx so that the next transaction WithTx starts with it on
// PostgreSQL sends its statements in as few round trips as possible: BEGIN
// and every INSERT whose answer nobody reads wait and travel with the next
// statement that must answer (a query, an update, COMMIT). A hot write path
// of a handful of statements then costs two or three round trips, not one
// per statement. On SQLite it changes nothing.
//
// The price: a deferred INSERT that fails (a constraint) reports its error
// from the later statement or from COMMIT, so use it only where any error
// fails the whole transaction anyway.
func Pipelined(ctx context.Context) context.Context {
	return context.WithValue(ctx, pipeKey{}, &pipeSlot{})
}

type pipeKey struct{}

// pipeSlot carries the running pipelined transaction from the driver's Tx
// to helpers (QueryRows) that see only the context.
type pipeSlot struct{ tx *pipeTx }

func slotOf(ctx context.Context) *pipeSlot {
	s, _ := ctx.Value(pipeKey{}).(*pipeSlot)
	return s
}

// Deferring reports whether writes made with ctx are being batched, for
// callers that pick between one multi-row INSERT … RETURNING (one round trip
// of its own) and single-row INSERTs (which would wait for the next one).
func Deferring(ctx context.Context) bool {
	s := slotOf(ctx)
	return s != nil && s.tx != nil
}

// QueryRows runs a raw SQL query on c — inside a pipelined transaction
// through its batch, so pending writes travel with it — and hands the rows
// to scan.
func QueryRows(ctx context.Context, c interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args []any, scan func(entsql.ColumnScanner) error) error {
	var rows entsql.ColumnScanner
	if s := slotOf(ctx); s != nil && s.tx != nil {
		var r entsql.Rows
		if err := s.tx.Query(ctx, query, args, &r); err != nil {
			return err
		}
		rows = r.ColumnScanner
	} else {
		r, err := c.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		rows = r
	}
	err := scan(rows)
	return errors.Join(err, rows.Close())
}

// Later queues a query in ctx's pipelined transaction without sending it:
// it travels with the next statement that must answer (COMMIT at the
// latest), and scan reads its rows then. A transaction whose every
// statement can wait this way costs one round trip. Only inside a pipelined
// transaction (see Deferring); elsewhere it fails.
func Later(ctx context.Context, query string, args []any, scan func(entsql.ColumnScanner) error) error {
	s := slotOf(ctx)
	if s == nil || s.tx == nil {
		return errors.New("store.Later: no pipelined transaction in the context")
	}
	t := s.tx
	if t.done {
		return sql.ErrTxDone
	}
	t.batch.Queue(query, args...).Query(func(rows pgx.Rows) error {
		r := &pipeRows{Rows: rows}
		return errors.Join(scan(r), r.Close())
	})
	return nil
}

// pipeDriver is ent's SQL driver with pipelined transactions on PostgreSQL.
type pipeDriver struct {
	*entsql.Driver
	db   *sql.DB
	gate writeGate // SQLite only
}

// Tx starts a pipelined transaction when ctx asks for one.
func (d *pipeDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	if s := slotOf(ctx); s != nil && s.tx == nil && d.Dialect() == dialect.Postgres {
		t, err := beginPipe(ctx, d.db, s)
		if err != nil {
			return nil, err
		}
		s.tx = t
		return t, nil
	}
	return d.BeginTx(ctx, nil)
}

// BeginTx starts a plain transaction; on SQLite one at a time (writeGate).
func (d *pipeDriver) BeginTx(ctx context.Context, opts *entsql.TxOptions) (dialect.Tx, error) {
	if d.gate != nil {
		return d.gate.begin(ctx, d.Driver, opts)
	}
	return d.Driver.BeginTx(ctx, opts)
}

// pipeTx is a transaction on one pooled connection whose statements queue
// in a pgx batch until one needs an answer.
type pipeTx struct {
	ctx   context.Context // the transaction's; Commit and Rollback have none
	slot  *pipeSlot
	conn  *sql.Conn
	pc    *pgx.Conn
	batch *pgx.Batch
	sent  bool // BEGIN has reached the server
	done  bool
	// queuedAtBegin is BEGIN and TxSetup's statement: a transaction with
	// nothing more queued never needs to reach the server.
	queuedAtBegin int
}

func beginPipe(ctx context.Context, db *sql.DB, s *pipeSlot) (*pipeTx, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin pipelined transaction: %w", err)
	}
	var pc *pgx.Conn
	var setup string // TxSetup's statement, if any
	var setupArgs []any
	// The pgx connection is used after Raw returns: conn holds it out of the
	// pool, and nothing else touches conn until Close.
	err = conn.Raw(func(dc any) error {
		switch c := dc.(type) {
		case interface{ PgxConn() *pgx.Conn }: // a wrapper (tenants/rls)
			pc = c.PgxConn()
		case *stdlib.Conn:
			pc = c.Conn()
		default:
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		if ts, ok := dc.(TxSetup); ok {
			var err error
			setup, setupArgs, err = ts.TxSetup(ctx)
			return err
		}
		return nil
	})
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("begin pipelined transaction: %w", err)
	}
	t := &pipeTx{ctx: context.WithoutCancel(ctx), slot: s, conn: conn, pc: pc, batch: &pgx.Batch{}}
	t.batch.Queue("begin")
	if setup != "" {
		t.batch.Queue(setup, setupArgs...)
	}
	t.queuedAtBegin = t.batch.Len()
	return t, nil
}

// TxSetup is implemented by connection wrappers (tenants/rls) with a
// statement to run first in every transaction; a pipelined transaction
// queues it after BEGIN, so it costs no round trip of its own.
type TxSetup interface {
	TxSetup(ctx context.Context) (query string, args []any, err error)
}

// deferrable is an INSERT whose caller reads no answer.
func deferrable(query string) bool {
	return strings.HasPrefix(query, "INSERT INTO ") && !strings.Contains(query, " RETURNING ")
}

func argsOf(args any) ([]any, error) {
	switch a := args.(type) {
	case nil:
		return nil, nil
	case []any:
		return a, nil
	}
	return nil, fmt.Errorf("pipelined transaction: unexpected args %T", args)
}

// send ships the queued statements and last in one round trip and reads
// the queued ones' results; the caller reads last's and closes.
func (t *pipeTx) send(ctx context.Context, last string, args []any) (pgx.BatchResults, error) {
	if t.done {
		return nil, sql.ErrTxDone
	}
	b := t.batch
	t.batch = &pgx.Batch{}
	b.Queue(last, args...)
	t.sent = true
	br := t.pc.SendBatch(ctx, b)
	for _, q := range b.QueuedQueries[:b.Len()-1] {
		var err error
		if q.Fn != nil { // queued by Later: its reader runs now
			err = q.Fn(br)
		} else {
			_, err = br.Exec()
		}
		if err != nil {
			return nil, errors.Join(err, br.Close())
		}
	}
	return br, nil
}

// Exec queues a deferrable INSERT; anything else goes out with the queue.
func (t *pipeTx) Exec(ctx context.Context, query string, args, v any) error {
	argv, err := argsOf(args)
	if err != nil {
		return err
	}
	if v == nil && deferrable(query) {
		if t.done {
			return sql.ErrTxDone
		}
		t.batch.Queue(query, argv...)
		return nil
	}
	br, err := t.send(ctx, query, argv)
	if err != nil {
		return err
	}
	tag, err := br.Exec()
	if err = errors.Join(err, br.Close()); err != nil {
		return err
	}
	switch r := v.(type) {
	case nil:
	case *sql.Result:
		*r = affected(tag.RowsAffected())
	default:
		return fmt.Errorf("pipelined transaction: unexpected result %T", v)
	}
	return nil
}

// Query sends the queue and the query; the rows stay open on the
// connection until the caller closes them.
func (t *pipeTx) Query(ctx context.Context, query string, args, v any) error {
	rows, ok := v.(*entsql.Rows)
	if !ok {
		return fmt.Errorf("pipelined transaction: unexpected rows %T", v)
	}
	argv, err := argsOf(args)
	if err != nil {
		return err
	}
	br, err := t.send(ctx, query, argv)
	if err != nil {
		return err
	}
	r, err := br.Query()
	if err != nil {
		return errors.Join(err, br.Close())
	}
	*rows = entsql.Rows{ColumnScanner: &pipeRows{Rows: r, br: br}}
	return nil
}

// Commit sends what is queued with COMMIT; a transaction that never
// reached the server costs nothing.
func (t *pipeTx) Commit() error {
	if t.done {
		return sql.ErrTxDone
	}
	defer t.finish()
	if !t.sent && t.batch.Len() == t.queuedAtBegin {
		return nil
	}
	br, err := t.send(t.ctx, "commit", nil)
	if err == nil {
		_, err = br.Exec()
		err = errors.Join(err, br.Close())
	}
	if err != nil && t.pc.PgConn().TxStatus() != 'I' {
		// A failed statement skipped COMMIT and left the transaction open
		// and aborted: end it before the connection goes back to the pool.
		_, rerr := t.pc.Exec(t.ctx, "rollback")
		err = errors.Join(err, rerr)
	}
	return err
}

// Rollback drops what is queued and ends the transaction on the server if
// it began there.
func (t *pipeTx) Rollback() error {
	if t.done {
		return sql.ErrTxDone
	}
	defer t.finish()
	if !t.sent {
		return nil
	}
	_, err := t.pc.Exec(t.ctx, "rollback")
	return err
}

func (t *pipeTx) finish() {
	t.done = true
	t.slot.tx = nil
	t.conn.Close()
}

type affected int64

func (affected) LastInsertId() (int64, error) {
	return 0, errors.New("pipelined transaction: no last insert id")
}
func (a affected) RowsAffected() (int64, error) { return int64(a), nil }

// pipeRows adapts pgx rows to ent's scanner and ends the batch on Close.
type pipeRows struct {
	pgx.Rows
	br pgx.BatchResults
}

func (r *pipeRows) Close() error {
	r.Rows.Close()
	if r.br == nil { // Later's rows: the batch is closed by its sender
		return r.Rows.Err()
	}
	return errors.Join(r.Rows.Err(), r.br.Close())
}

func (r *pipeRows) Columns() ([]string, error) {
	fds := r.FieldDescriptions()
	out := make([]string, len(fds))
	for i, fd := range fds {
		out[i] = fd.Name
	}
	return out, nil
}

// ColumnTypes is not available through pgx; ent then scans into any.
func (r *pipeRows) ColumnTypes() ([]*sql.ColumnType, error) {
	return nil, errors.New("pipelined transaction: no column types")
}

func (r *pipeRows) NextResultSet() bool { return false }

// Scan is pgx's, except for *driver.Value (ent reads returned ids into
// one), which pgx does not know and database/sql fills like *any.
func (r *pipeRows) Scan(dest ...any) error {
	var fix []func()
	for i, d := range dest {
		if v, ok := d.(*driver.Value); ok {
			var a any
			dest[i] = &a
			fix = append(fix, func() { *v = a })
		}
	}
	if err := r.Rows.Scan(dest...); err != nil {
		return err
	}
	for _, f := range fix {
		f()
	}
	return nil
}

var _ dialect.Tx = (*pipeTx)(nil)

// flush sends whatever is queued, for the database/sql-level calls below.
func (t *pipeTx) flush(ctx context.Context) error {
	if t.done {
		return sql.ErrTxDone
	}
	if t.batch.Len() == 0 {
		return nil
	}
	b := t.batch
	t.batch = &pgx.Batch{}
	t.sent = true
	return t.pc.SendBatch(ctx, b).Close()
}

// ExecContext serves ent's raw ExecContext inside the transaction.
func (t *pipeTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var r sql.Result
	if err := t.Exec(ctx, query, args, &r); err != nil {
		return nil, err
	}
	return r, nil
}

// QueryContext serves ent's raw QueryContext: the queue goes first, then
// the query runs on the same connection through database/sql.
func (t *pipeTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if err := t.flush(ctx); err != nil {
		return nil, err
	}
	return t.conn.QueryContext(ctx, query, args...)
}
