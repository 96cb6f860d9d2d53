-- kpi_indexes (sqlite3), written as ent/migrations/gen would (000014 was taken first); review before committing.
PRAGMA foreign_keys = off;
CREATE INDEX `callback_due_kpis` ON `callbacks` (`tenant_id`, `due_at`, `assignee_id`, `resolver_id`, `status`, `outcome`, `closed_at`);
PRAGMA foreign_keys = on;
