//go:build noconsole

package console

import "io/fs"

// Assets is nil in a binary built with the noconsole tag: the API only.
func Assets() fs.FS { return nil }
