package fault

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrUnavailable: a backend Kefu depends on (the database) does not answer
// right now; the same request may succeed a few seconds later.
var ErrUnavailable = errors.New("service unavailable")

// Unavailable reports whether err means the database could not be reached
// or went away (refused, reset, shut down, starting up), as opposed to a
// fault in the request or in Kefu. Such errors are worth a retry.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) {
		return true
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return unavailableCode(pe.Code)
	}
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone), errors.Is(err, pgconn.ErrConnClosed),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF):
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe) && !oe.Timeout()
}

// unavailableCode: class 08 (connection exception), 57P01–57P03 (admin or
// crash shutdown, cannot connect now) and 53300 (too many connections).
func unavailableCode(code string) bool {
	switch code {
	case "57P01", "57P02", "57P03", "53300":
		return true
	}
	return strings.HasPrefix(code, "08")
}
