package loadtest

import (
	"context"
	"errors"
)

// Env is a running benchmark environment: a migrated throwaway schema, the
// app serving it on loopback, and a client pointed at the app.
type Env struct {
	Schema *Schema
	Server *Server
	Client *Client
}

// Start creates the schema, applies the migrations and starts the app.
// Whatever it set up before a failure is torn down again.
func Start(ctx context.Context, o Options) (_ *Env, err error) {
	s, err := CreateSchema(ctx, o.DatabaseURL)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, s.Drop())
		}
	}()
	Progress.Info("schema ready", "schema", s.Name, "server", s.Version)

	if err := s.Migrate(ctx); err != nil {
		return nil, err
	}
	srv, err := Serve(ctx, s.URL, o.RedisURL)
	if err != nil {
		return nil, err
	}
	return &Env{Schema: s, Server: srv, Client: NewClient(srv.BaseURL, o.Concurrency)}, nil
}

// Close stops the server and the app, then drops the schema; it drops the
// schema even when stopping fails.
func (e *Env) Close() error {
	return errors.Join(e.Server.Close(), e.Schema.Drop())
}
