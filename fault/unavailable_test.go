package fault_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"kefu/fault"
	"kefu/testkit"
)

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

func TestUnavailable(t *testing.T) {
	refused := testkit.RefusedConnect(t)
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused", refused, true},
		{"connection refused, wrapped by the domain", fmt.Errorf("create ticket: %w", refused), true},
		{"admin shutdown", &pgconn.PgError{Severity: "FATAL", Code: "57P01", Message: "terminating connection due to administrator command"}, true},
		{"crash shutdown", &pgconn.PgError{Code: "57P02"}, true},
		{"starting up", fmt.Errorf("tx: %w", &pgconn.PgError{Code: "57P03", Message: "the database system is starting up"}), true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"connection failure class", &pgconn.PgError{Code: "08006"}, true},
		{"bad conn", fmt.Errorf("query: %w", driver.ErrBadConn), true},
		{"conn closed", pgconn.ErrConnClosed, true},
		{"connection lost mid-query", fmt.Errorf("failed to receive message: %w", io.ErrUnexpectedEOF), true},
		{"sentinel", fmt.Errorf("%w: redis", fault.ErrUnavailable), true},
		{"reset", &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}, true},

		{"nil", nil, false},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"syntax error", &pgconn.PgError{Code: "42601"}, false},
		{"not found", fault.NotFoundf("ticket"), false},
		{"canceled", context.Canceled, false},
		{"network timeout", &net.OpError{Op: "read", Net: "tcp", Err: timeoutErr{}}, false},
		{"plain", errors.New("boom"), false},
	}
	for _, c := range cases {
		if got := fault.Unavailable(c.err); got != c.want {
			t.Errorf("%s: Unavailable(%v) = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}
