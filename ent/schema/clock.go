package schema

import "time"

// now stamps rows in UTC, so SQLite and PostgreSQL read back the same instant.
func now() time.Time { return time.Now().UTC() }
