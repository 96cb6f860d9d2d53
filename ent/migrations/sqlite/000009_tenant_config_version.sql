-- tenant_config_version (sqlite3): ADD COLUMN instead of the generated table
-- rebuild, which would drop tenants under every table that references it.
ALTER TABLE `tenants` ADD COLUMN `config_version` integer NOT NULL DEFAULT (0);
