package cluster

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// PGBin is where Debian installs PostgreSQL 15's server programs.
var PGBin = "/usr/lib/postgresql/15/bin"

// Postgres is a PostgreSQL cluster of our own on a loopback port.
type Postgres struct {
	Port int
	Data string
	proc *Proc
	c    *Cluster
}

// postgresCred runs the server as the postgres user when we are root
// (PostgreSQL refuses to run as root).
func postgresCred() (*syscall.Credential, string, error) {
	if os.Geteuid() != 0 {
		return nil, "", nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, "", fmt.Errorf("running as root needs a postgres user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, u.Uid + ":" + u.Gid, nil
}

// StartPostgres runs initdb and starts the server, then creates database db.
func (c *Cluster) StartPostgres(db string) (*Postgres, error) {
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	pg := &Postgres{Port: port, Data: c.path("pgdata"), c: c}
	cred, _, err := postgresCred()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(pg.Data, 0o700); err != nil {
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(pg.Data, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, err
		}
	}
	if err := run(cred, c.Dir, filepath.Join(PGBin, "initdb"), "-D", pg.Data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"); err != nil {
		return nil, wrap("initdb", err)
	}
	if err := pg.Start(); err != nil {
		return nil, err
	}
	admin, err := sql.Open("pgx", pg.URL("postgres"))
	if err != nil {
		return nil, err
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+db); err != nil {
		return nil, wrap("create database", err)
	}
	c.Log.Info("postgres ready", "port", port)
	return pg, nil
}

// Start (re)starts the server on the same data directory and port. Its
// own settings: loopback only, no Unix socket, room for every process's pool.
func (pg *Postgres) Start() error {
	cred, _, err := postgresCred()
	if err != nil {
		return err
	}
	if pg.proc == nil {
		pg.proc = &Proc{Name: "postgres", cred: cred, args: []string{
			filepath.Join(PGBin, "postgres"), "-D", pg.Data, "-p", strconv.Itoa(pg.Port),
			"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
			"-c", "max_connections=300", "-c", "shared_buffers=256MB",
		}}
		if _, err := pg.c.proc(pg.proc); err != nil {
			return err
		}
	} else if err := pg.proc.start(); err != nil {
		return err
	}
	return pg.waitReady(60 * time.Second)
}

// waitReady waits until the server accepts queries (not just connections:
// a starting server refuses with 57P03).
func (pg *Postgres) waitReady(timeout time.Duration) error {
	if err := waitPort(pg.proc, pg.Port, timeout); err != nil {
		return err
	}
	db, err := sql.Open("pgx", pg.URL("postgres"))
	if err != nil {
		return err
	}
	defer db.Close()
	deadline := time.Now().Add(timeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("postgres not ready after %s: %w", timeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Stop is pg_ctl stop -m fast: SIGINT makes the server roll back open
// transactions, terminate every session (57P01) and shut down cleanly.
func (pg *Postgres) Stop() error {
	return pg.proc.Signal(syscall.SIGINT, 60*time.Second)
}

// URL is the connection URL of database db, as the superuser.
func (pg *Postgres) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", pg.Port, db)
}

// Pid is the postmaster's process id.
func (pg *Postgres) Pid() int { return pg.proc.Pid() }
