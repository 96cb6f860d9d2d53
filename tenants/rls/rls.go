// Package rls makes PostgreSQL's row-level security a backstop under the
// ent privacy layer: every statement runs with the session variable
// kefu.tenant_id set to the tenant of its context, and the policies of
// migration 000014 confine tenant-owned rows to that tenant.
//
// The wrapper sits at the database/sql driver level, under ent, so it sees
// each statement on the physical connection that runs it: ent's queries,
// ent's ExecContext/QueryContext raw SQL and direct *sql.DB users alike.
//
// Contexts with no tenant, and the explicit tenancy.System bypass, run with
// kefu.tenant_id empty, which the policies let through. That is safe because
// tenant contexts always set it (here, on every statement), and the
// contexts that get it empty are the ones the privacy layer already either
// denies (no viewer) or deliberately lets through (System).
//
// Cost: inside a transaction no extra round trip (the setting travels with
// BEGIN in one simple-protocol message); outside one, a single extra round
// trip only when the pooled connection's last setting differs, and one
// when a statement inside a transaction runs in another context than BEGIN
// did. Superuser sessions, which RLS ignores, cost nothing.
//
// The setting is session state: behind a pooler, use session pooling.
package rls

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"kefu/tenants/tenancy"
)

// Setting is the session variable the policies compare tenant_id with.
const Setting = "kefu.tenant_id"

// validID is what a tenant id must look like before it is inlined into a
// simple-protocol statement: our own ids ("ten_01jd…"), nothing else.
var validID = regexp.MustCompile(`^[a-z][a-z0-9]{0,15}_[0-9a-z]{1,40}$`)

// TenantOf returns the kefu.tenant_id a statement in ctx must run with:
// the context's tenant, or "" for System and tenant-less contexts.
func TenantOf(ctx context.Context) (string, error) {
	v, ok := tenancy.FromContext(ctx)
	if !ok || v.IsSystem() || v.TenantID == "" {
		return "", nil
	}
	if !validID.MatchString(v.TenantID) {
		// Refuse rather than run unconfined or inline something odd.
		return "", fmt.Errorf("rls: malformed tenant id %q in context", v.TenantID)
	}
	return v.TenantID, nil
}

// setSQL sets the variable for the session; inside a transaction the
// change commits or rolls back with it.
func setSQL(tenant string) string {
	return "SELECT set_config('" + Setting + "', '" + tenant + "', false)"
}

// OpenDB opens a PostgreSQL pool (a pgx DSN) whose connections carry the
// context's tenant.
func OpenDB(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("rls: parse database url: %w", err)
	}
	return sql.OpenDB(connector{stdlib.GetConnector(*cfg)}), nil
}

type connector struct{ driver.Connector }

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := dc.(*stdlib.Conn)
	if !ok {
		dc.Close()
		return nil, fmt.Errorf("rls: unexpected driver connection %T", dc)
	}
	// A new session has the variable unset, which the policies read as "".
	return &conn{Conn: pc, known: true}, nil
}

// conn is one physical connection. database/sql hands a connection to one
// goroutine at a time, so its fields need no lock.
type conn struct {
	*stdlib.Conn
	setting string // the session's kefu.tenant_id, when known
	known   bool
	tx      *tx // the open transaction, if any
}

// exempt reports whether the session's role bypasses row-level security
// (a superuser, as the server reports in ParameterStatus): setting the
// variable would change nothing, so no round trip is spent on it.
func (c *conn) exempt() bool {
	return c.Conn.Conn().PgConn().ParameterStatus("is_superuser") == "on"
}

// switches counts the extra round trips use makes, process-wide.
var switches atomic.Uint64

// Switches reports how many extra round trips the wrapper has made to
// change a connection's tenant outside BEGIN since the process started.
func Switches() uint64 { return switches.Load() }

// use makes the session's setting match ctx before a statement; it costs a
// round trip only when they differ.
func (c *conn) use(ctx context.Context) error {
	if c.exempt() {
		return nil
	}
	want, err := TenantOf(ctx)
	if err != nil {
		return err
	}
	if c.tx != nil {
		if c.tx.setting == want {
			return nil
		}
		switches.Add(1)
		// A statement in another context inside the transaction (e.g.
		// System inside a tenant's): switch, transactionally.
		if _, err := c.Conn.Conn().Exec(ctx, setSQL(want)); err != nil {
			return fmt.Errorf("rls: set tenant: %w", err)
		}
		c.tx.setting, c.tx.set = want, true
		return nil
	}
	if c.known && c.setting == want {
		return nil
	}
	switches.Add(1)
	if _, err := c.Conn.Conn().Exec(ctx, setSQL(want)); err != nil {
		c.known = false
		if pgconn.SafeToRetry(err) {
			return driver.ErrBadConn
		}
		return fmt.Errorf("rls: set tenant: %w", err)
	}
	c.setting, c.known = want, true
	return nil
}

func (c *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.use(ctx); err != nil {
		return nil, err
	}
	return c.Conn.ExecContext(ctx, query, args)
}

func (c *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.use(ctx); err != nil {
		return nil, err
	}
	return c.Conn.QueryContext(ctx, query, args)
}

// PrepareContext sets the session for the preparing context; the app does
// not use prepared statements (ent sends each query with its arguments).
func (c *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if err := c.use(ctx); err != nil {
		return nil, err
	}
	return c.Conn.PrepareContext(ctx, query)
}

func (c *conn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

// BeginTx sends BEGIN and, when the session's setting differs, the
// set_config in the same simple-protocol message: one round trip, as a
// plain BEGIN.
func (c *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if c.Conn.Conn().IsClosed() {
		return nil, driver.ErrBadConn
	}
	begin, err := beginSQL(opts)
	if err != nil {
		return nil, err
	}
	t := &tx{c: c, ctx: ctx, setting: c.setting}
	if !c.exempt() {
		want, err := TenantOf(ctx)
		if err != nil {
			return nil, err
		}
		if !c.known || c.setting != want {
			begin += "; " + setSQL(want)
			t.setting, t.set = want, true
		}
	}
	if _, err := c.Conn.Conn().Exec(ctx, begin); err != nil {
		if pgconn.SafeToRetry(err) {
			return nil, driver.ErrBadConn
		}
		// A BEGIN that ran before a failed set_config leaves an aborted
		// transaction; end it, or database/sql's reset discards the conn.
		_, _ = c.Conn.Conn().Exec(context.WithoutCancel(ctx), "ROLLBACK")
		return nil, err
	}
	c.tx = t
	return t, nil
}

func beginSQL(opts driver.TxOptions) (string, error) {
	s := "BEGIN"
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault:
	case sql.LevelReadUncommitted:
		s += " ISOLATION LEVEL READ UNCOMMITTED"
	case sql.LevelReadCommitted:
		s += " ISOLATION LEVEL READ COMMITTED"
	case sql.LevelRepeatableRead, sql.LevelSnapshot:
		s += " ISOLATION LEVEL REPEATABLE READ"
	case sql.LevelSerializable:
		s += " ISOLATION LEVEL SERIALIZABLE"
	default:
		return "", fmt.Errorf("rls: unsupported isolation: %v", opts.Isolation)
	}
	if opts.ReadOnly {
		s += " READ ONLY"
	}
	return s, nil
}

// tx is a transaction begun by conn.BeginTx. The setting made inside it is
// session-level, so it outlives COMMIT (and the next statement in the same
// tenant needs no round trip) and vanishes with ROLLBACK.
type tx struct {
	c       *conn
	ctx     context.Context
	setting string // the variable inside the transaction
	set     bool   // whether the transaction changed it
}

func (t *tx) Commit() error {
	c := t.c
	c.tx = nil
	tag, err := c.Conn.Conn().Exec(t.ctx, "COMMIT")
	switch {
	case err != nil:
		c.known = false
		return err
	case tag.String() == "ROLLBACK":
		// The transaction had failed; its setting went with it.
		return pgx.ErrTxCommitRollback
	}
	if t.set {
		c.setting, c.known = t.setting, true
	}
	return nil
}

// Rollback outlives a cancelled context (database/sql rolls back when the
// context ends) so the connection goes back to the pool clean.
func (t *tx) Rollback() error {
	c := t.c
	c.tx = nil
	ctx, cancel := context.WithTimeout(context.WithoutCancel(t.ctx), 5*time.Second)
	defer cancel()
	if _, err := c.Conn.Conn().Exec(ctx, "ROLLBACK"); err != nil {
		c.known = false
		return fmt.Errorf("rls: rollback: %w", err)
	}
	return nil
}

// TxSetup is the statement a transaction that bypasses BeginTx (the store's
// pipelined ones) queues after its BEGIN: the context's tenant, local to
// the transaction so the session's cached setting stays true.
func (c *conn) TxSetup(ctx context.Context) (string, []any, error) {
	if c.exempt() {
		return "", nil, nil
	}
	want, err := TenantOf(ctx)
	if err != nil {
		return "", nil, err
	}
	if c.known && c.setting == want {
		return "", nil, nil
	}
	return "SELECT set_config('" + Setting + "', $1, true)", []any{want}, nil
}

// PgxConn is the pgx connection underneath, for code that talks to it
// directly (the store's pipelined transactions, which then call TxSetup).
func (c *conn) PgxConn() *pgx.Conn { return c.Conn.Conn() }
