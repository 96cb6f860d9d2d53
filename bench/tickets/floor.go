package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"kefu/bench/loadtest"
	"kefu/ids"
)

// sqlFloor is the create's own writes without the app: what a create could
// cost at best on this database, to say how far the API is from it.
const sqlFloor = "sql-floor-c1"

// floorTables are scratch copies (same columns, defaults and indexes; no
// foreign keys, no row-level security) of the tables a create writes
// besides tickets, which goes to rawTable.
var floorTables = [][2]string{{"events_floor", "ticket_events"}, {"audit_floor", "audit_entries"}, {"counters_floor", "ticket_counters"}}

// floorBatch is one create's statements, sent in a single round trip: BEGIN,
// the two timeline events, the counter bump and the ticket in one statement
// (so the number needs no answer first), the audit entry, COMMIT. No
// session check, no reference lookup, no HTTP: a lower bound on the
// database's share of an API create.
const (
	floorEvents = `INSERT INTO events_floor (id, ticket_id, type, at, actor_id, data, tenant_id)
		VALUES ($1, $2, 'created', $3, $4, $5, $6), ($7, $2, 'assigned', $3, $4, $8, $6)`
	floorTicket = `WITH c AS (UPDATE counters_floor SET "last" = "last" + 1, month_count = month_count + 1
			WHERE tenant_id = $1 AND year = $2 RETURNING "last")
		INSERT INTO ` + rawTable + ` (id, created_at, updated_at, number, type, channel, subject, description,
			priority, severity, status, created_by, sla_policy_id, first_response_due_at, resolution_due_at, next_check_at,
			escalation_level, reopen_count, tenant_id, assignee_id, unit_id)
		SELECT $3, $4, $4, 'F-' || $2::text || '-' || lpad(c."last"::text, 6, '0'), 'complaint', 'phone', $5, $6,
			'high', 'normal', 'open', $7, $8, $9, $10, $11, 0, 0, $1, $12, $13 FROM c RETURNING number`
	floorAudit = `INSERT INTO audit_floor (id, actor_type, actor_id, action, target_type, target_id, changes, ip, request_id, at, tenant_id)
		VALUES ($1, 'user', $2, 'create', 'ticket', $3, $4, '127.0.0.1', $5, $6, $7)`
)

// runFloor runs the floor with one worker on one connection, like the
// INSERT loop it is compared with; rawTable must exist.
func runFloor(ctx context.Context, db *sql.DB, mon *monitor, o options, ts *tenantSeed) (measured, error) {
	year := time.Now().UTC().Year()
	for _, t := range floorTables {
		if _, err := db.ExecContext(ctx, `CREATE TABLE `+t[0]+` (LIKE `+t[1]+` INCLUDING ALL)`); err != nil {
			return measured{}, fmt.Errorf("create %s: %w", t[0], err)
		}
	}
	defer func() {
		for _, t := range floorTables {
			_, _ = db.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS `+t[0])
		}
	}()
	if _, err := db.ExecContext(ctx, `INSERT INTO counters_floor (id, year, "last", "month", month_count, tenant_id) VALUES ($1, $2, 0, 1, 0, $3)`,
		ids.New("tcn"), year, ts.ID); err != nil {
		return measured{}, fmt.Errorf("seed counters_floor: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return measured{}, fmt.Errorf("floor connection: %w", err)
	}
	defer conn.Close()
	var pc *pgx.Conn
	if err := conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("floor: driver connection is %T, not pgx", dc)
		}
		pc = c.Conn()
		return nil
	}); err != nil {
		return measured{}, err
	}
	k := int64(len(ts.Agents))
	sc := loadtest.Scenario{Name: sqlFloor, Do: func(ctx context.Context, n int64) (int64, error) {
		now := time.Now().UTC()
		actor, assignee := ts.Agents[n%k], ts.Agents[(n+1)%k]
		id := ids.New("tkt")
		created, _ := json.Marshal(map[string]string{"type": "complaint", "channel": "phone", "priority": "high", "severity": "normal"})
		assigned, _ := json.Marshal(map[string]string{"assignee_id": assignee.ID})
		subject := fmt.Sprintf(createSubject, n%60+1)
		changes, _ := json.Marshal(map[string]any{"id": id, "type": "complaint", "channel": "phone", "subject": subject,
			"priority": "high", "severity": "normal", "status": "open", "created_by": actor.ID, "assignee_id": assignee.ID,
			"unit_id": ts.Unit, "sla_policy_id": ts.Policy, "first_response_due_at": now.Add(policyFirstResponse),
			"resolution_due_at": now.Add(policyResolution), "created_at": now, "updated_at": now})
		b := &pgx.Batch{}
		b.Queue("BEGIN")
		b.Queue(floorEvents, ids.New("tev"), id, now, actor.ID, created, ts.ID, ids.New("tev"), assigned)
		b.Queue(floorTicket, ts.ID, year, id, now, subject, "业主来电：3 号楼 2 单元电梯停在 7 层，门打不开，请尽快派人处理。",
			actor.ID, ts.Policy, now.Add(policyFirstResponse), now.Add(policyResolution), now.Add(policyFirstResponse*8/10),
			assignee.ID, ts.Unit)
		b.Queue(floorAudit, ids.New("aud"), actor.ID, id, changes, ids.New("req"), now, ts.ID)
		b.Queue("COMMIT")
		br := pc.SendBatch(ctx, b)
		_, err := br.Exec() // BEGIN
		if err == nil {
			_, err = br.Exec()
		}
		var number string
		if err == nil {
			err = br.QueryRow().Scan(&number)
		}
		if err == nil {
			_, err = br.Exec()
		}
		if err == nil {
			_, err = br.Exec() // COMMIT
		}
		return 0, errors.Join(err, br.Close())
	}}
	return runMeasured(ctx, mon, sc, single(o.Options))
}
