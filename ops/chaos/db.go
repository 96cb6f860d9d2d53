package main

import (
	"context"
	"database/sql"
)

type dbHandle struct{ *sql.DB }

func (d dbHandle) version(ctx context.Context) string {
	var v string
	if err := d.QueryRowContext(ctx, "SHOW server_version").Scan(&v); err != nil {
		return "PostgreSQL"
	}
	return "PostgreSQL " + v + " (own cluster)"
}

// escalationsDone counts the escalation rows of a scenario's tickets.
func (d dbHandle) escalationsDone(ctx context.Context, tag string) int {
	var n int
	_ = d.QueryRowContext(ctx, `SELECT count(*) FROM escalations WHERE ticket_id IN
		(SELECT id FROM tickets WHERE subject LIKE $1)`, tag+"-%").Scan(&n)
	return n
}
