// Package copyrows feeds PostgreSQL COPY (pgx CopyFrom) from a channel of
// row batches, so benchmark loaders can generate rows while they stream.
package copyrows

import "context"

// Source is a pgx.CopyFromSource reading batches from a channel until it is
// closed or ctx ends.
type Source struct {
	ctx   context.Context
	ch    <-chan [][]any
	batch [][]any
	i     int
}

// From returns a source over ch.
func From(ctx context.Context, ch <-chan [][]any) *Source { return &Source{ctx: ctx, ch: ch} }

// Next moves to the next row, waiting for the next batch when needed.
func (s *Source) Next() bool {
	s.i++
	for s.i >= len(s.batch) {
		select {
		case b, ok := <-s.ch:
			if !ok {
				return false
			}
			s.batch, s.i = b, 0
		case <-s.ctx.Done():
			return false
		}
	}
	return true
}

// Values is the current row.
func (s *Source) Values() ([]any, error) { return s.batch[s.i], nil }

// Err is why the source stopped early, if it did.
func (s *Source) Err() error { return s.ctx.Err() }
