//go:build !noconsole

package console

import (
	"embed"
	"io/fs"
)

//go:embed all:web/dist
var dist embed.FS

// Assets is the console build embedded in the binary (build with the
// noconsole tag to leave it out).
func Assets() fs.FS {
	sub, err := fs.Sub(dist, "web/dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}
