package cluster

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"time"
)

// Proxy is a round-robin reverse proxy over API processes, the small load
// balancer in front of them. A backend that fails to answer sits out
// for a few seconds (passive health checking), as a real balancer would.
type Proxy struct {
	URL      string
	backends atomic.Pointer[[]*backend]
	next     atomic.Uint64
	srv      *http.Server
	rp       *httputil.ReverseProxy
}

type backend struct {
	url       *url.URL
	downUntil atomic.Int64 // unix nanoseconds
}

type backendKey struct{}

// sitOut is how long a failed backend gets no requests.
const sitOut = 3 * time.Second

// StartProxy listens on a fresh loopback port and forwards to apis.
func (c *Cluster) StartProxy(apis ...*API) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{URL: "http://" + ln.Addr().String()}
	p.Use(apis...)
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			b := pr.In.Context().Value(backendKey{}).(*backend)
			pr.SetURL(b.url)
			pr.SetXForwarded()
		},
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 2 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        256,
			MaxIdleConnsPerHost: 128,
			IdleConnTimeout:     90 * time.Second,
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			if !errors.Is(err, context.Canceled) {
				r.Context().Value(backendKey{}).(*backend).downUntil.Store(time.Now().Add(sitOut).UnixNano())
			}
			w.WriteHeader(http.StatusBadGateway)
		},
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = p.srv.Serve(ln) }()
	c.onClose(func() { p.srv.Close() })
	return p, nil
}

// Use replaces the set of backends.
func (p *Proxy) Use(apis ...*API) {
	bs := make([]*backend, len(apis))
	for i, a := range apis {
		u, _ := url.Parse(a.URL)
		bs[i] = &backend{url: u}
	}
	p.backends.Store(&bs)
}

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	bs := *p.backends.Load()
	now := time.Now().UnixNano()
	var b *backend
	for range bs {
		c := bs[p.next.Add(1)%uint64(len(bs))]
		if c.downUntil.Load() <= now {
			b = c
			break
		}
	}
	if b == nil {
		b = bs[p.next.Add(1)%uint64(len(bs))] // all sitting out: try anyway
	}
	p.rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), backendKey{}, b)))
}
