package loadtest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// Progress is the benchmark's own narration. It stays at info level while
// the default logger (which the app's request log uses) sits at warn, so
// the app does not flood stderr with one line per request.
var Progress = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})).With("component", "bench")

// Main is a benchmark program's main function. parse reads the arguments
// (a failure exits 2); run then gets a context that an interrupt or
// SIGTERM cancels (a failure exits 1). Errors are printed after prog.
func Main(prog string, parse func(args []string) error, run func(ctx context.Context) error) {
	if err := parse(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, prog+":", err)
		os.Exit(2)
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, prog+":", err)
		os.Exit(1)
	}
}
