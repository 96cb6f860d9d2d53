package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// RequestTimeout bounds every single request, so a stuck server cannot
// stall a scenario past its duration by more than this.
const RequestTimeout = 10 * time.Second

// Client talks to the in-process server over loopback HTTP.
type Client struct {
	base string
	hc   *http.Client
}

// NewClient tunes the transport for a closed-loop load test: enough idle
// connections per host that every worker keeps its keep-alive connection
// (the default of 2 would make most requests dial anew and measure TCP
// setup instead of the handler), no proxy, no compression.
func NewClient(base string, concurrency int) *Client {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        2 * concurrency,
		MaxIdleConnsPerHost: 2 * concurrency,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &Client{base: base, hc: &http.Client{Transport: tr, Timeout: RequestTimeout}}
}

// WithTimeout returns a client sharing c's connections whose requests may
// take up to d: for setup calls, such as a bulk import, that legitimately
// outlast RequestTimeout.
func (c *Client) WithTimeout(d time.Duration) *Client {
	hc := *c.hc
	hc.Timeout = d
	return &Client{base: c.base, hc: &hc}
}

// StatusError is a non-2xx answer; the body's start says why.
type StatusError struct {
	Code int
	Body string
}

func (e *StatusError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.Code, e.Body) }

// Call sends one request. body, when not nil, is JSON already encoded (so
// the load loops do not measure client-side encoding); out, when not nil,
// receives the decoded answer. The body is always read to the end so the
// connection goes back to the pool.
func (c *Client) Call(ctx context.Context, method, path, token string, body []byte, out any) error {
	_, err := c.send(ctx, method, path, token, body, out)
	return err
}

// Get sends a GET, discards the answer and returns its body's size in
// bytes, for scenarios that report how much they read.
func (c *Client) Get(ctx context.Context, path, token string) (int64, error) {
	return c.send(ctx, http.MethodGet, path, token, nil, nil)
}

// CallJSON encodes in and calls; for setup, where encoding cost is moot.
func (c *Client) CallJSON(ctx context.Context, method, path, token string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("%s %s: encode: %w", method, path, err)
	}
	return c.Call(ctx, method, path, token, b, out)
}

// send does the work of Call and Get; it returns the number of answer
// body bytes read.
func (c *Client) send(ctx context.Context, method, path, token string, body []byte, out any) (int64, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		_, _ = io.Copy(io.Discard, resp.Body)
		return 0, &StatusError{Code: resp.StatusCode, Body: string(snippet)}
	}
	cr := &countingReader{r: resp.Body}
	if out != nil {
		if err := json.NewDecoder(cr).Decode(out); err != nil {
			return cr.n, fmt.Errorf("%s %s: decode answer: %w", method, path, err)
		}
	}
	if _, err := io.Copy(io.Discard, cr); err != nil {
		return cr.n, fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	return cr.n, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
