package loadtest

import "kefu/ent/store"

// RedactURL masks a password so URLs can appear in errors and reports.
func RedactURL(raw string) string { return store.Redact(raw) }
