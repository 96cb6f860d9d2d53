package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Load is a closed-loop load of ticket creates through one URL, spread
// over the tenants. Every create carries an Idempotency-Key, so a retry
// after a failure can never file the ticket twice.
type Load struct {
	URL         string
	Tenants     []Tenant
	Tag         string // subject prefix, unique per run: finds its tickets in the database
	Concurrency int
	Duration    time.Duration
	MaxRequests int64
	// SLAEvery makes every n-th ticket a complaint under the 5 s policy
	// (1: all of them, 0: none); the others are inquiries without an SLA.
	SLAEvery int
	// Retries is how often a failed create is sent again (same key, same
	// body) after Backoff × attempt.
	Retries int
	Backoff time.Duration
	// Observe sees every attempt's outcome (called concurrently).
	Observe func(Attempt)
}

// Attempt is one HTTP exchange.
type Attempt struct {
	At         time.Time
	Status     int // 0: no answer
	RetryAfter string
	Err        error
}

// Ack is a create the API acknowledged with 2xx.
type Ack struct {
	ID      string
	Subject string
	SLA     bool
}

// Outcome is what a load run saw.
type Outcome struct {
	Requests   int64          `json:"requests"`     // creates attempted (a create with retries counts once)
	Acked      int            `json:"acknowledged"` // answered 2xx in the end
	Failed     int            `json:"failed"`       // no 2xx even after the retries
	Retried    int            `json:"retried_then_acknowledged"`
	Attempts   map[string]int `json:"attempts_by_status"` // every attempt: "201", "503", "no answer"
	ElapsedSec float64        `json:"elapsed_seconds"`
	Throughput float64        `json:"acknowledged_per_second"`
	P50        float64        `json:"p50_ms"`
	P99        float64        `json:"p99_ms"`
	Max        float64        `json:"max_ms"`
	FirstError string         `json:"first_error,omitempty"`
	Acks       []Ack          `json:"-"`
	InDoubt    []string       `json:"-"` // subjects of failed creates: may or may not have committed
}

// Run drives the load until Duration passes, MaxRequests are issued or
// ctx ends; requests in flight then finish (they are not cancelled, which
// would make their outcome unknowable).
func (l *Load) Run(ctx context.Context) Outcome {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        4 * l.Concurrency,
		MaxIdleConnsPerHost: 4 * l.Concurrency,
		DisableCompression:  true,
	}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 15 * time.Second}
	var issued atomic.Int64
	var mu sync.Mutex
	out := Outcome{Attempts: map[string]int{}}
	var lat []time.Duration
	start := time.Now()
	deadline := start.Add(l.Duration)
	var wg sync.WaitGroup
	for range l.Concurrency {
		wg.Go(func() {
			for ctx.Err() == nil && time.Now().Before(deadline) {
				n := issued.Add(1) - 1
				if l.MaxRequests > 0 && n >= l.MaxRequests {
					return
				}
				t0 := time.Now()
				ack, retried, attempts, err := l.create(hc, n)
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				for _, a := range attempts {
					out.Attempts[statusKey(a.Status)]++
				}
				if err == nil {
					out.Acks = append(out.Acks, ack)
					if retried {
						out.Retried++
					}
				} else {
					out.InDoubt = append(out.InDoubt, ack.Subject)
					if out.FirstError == "" {
						out.FirstError = err.Error()
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	out.Requests = int64(len(lat))
	out.Acked, out.Failed = len(out.Acks), len(out.InDoubt)
	out.ElapsedSec = round(elapsed.Seconds(), 2)
	out.Throughput = round(float64(out.Acked)/elapsed.Seconds(), 1)
	slices.Sort(lat)
	out.P50, out.P99 = ms(percentile(lat, 50)), ms(percentile(lat, 99))
	if len(lat) > 0 {
		out.Max = ms(lat[len(lat)-1])
	}
	return out
}

func statusKey(s int) string {
	if s == 0 {
		return "no answer"
	}
	return strconv.Itoa(s)
}

// create files ticket n, retrying as configured.
func (l *Load) create(hc *http.Client, n int64) (Ack, bool, []Attempt, error) {
	t := l.Tenants[n%int64(len(l.Tenants))]
	ack := Ack{Subject: fmt.Sprintf("%s-%07d", l.Tag, n)}
	typ := "inquiry"
	if l.SLAEvery > 0 && n%int64(l.SLAEvery) == 0 {
		typ, ack.SLA = "complaint", true
	}
	body, _ := json.Marshal(map[string]string{
		"type": typ, "channel": "api", "subject": ack.Subject,
		"description": "负载测试工单：业主来电反映电梯停运。",
	})
	key := "ops-" + ack.Subject
	var attempts []Attempt
	var err error
	for try := 0; try <= l.Retries; try++ {
		if try > 0 {
			time.Sleep(l.Backoff * time.Duration(try))
		}
		var a Attempt
		a, ack.ID, err = send(hc, l.URL+"/v1/tickets", t.Key, key, body)
		attempts = append(attempts, a)
		if l.Observe != nil {
			l.Observe(a)
		}
		if err == nil {
			return ack, try > 0, attempts, nil
		}
	}
	return ack, false, attempts, err
}

// send is one POST; it returns the created ticket's id on 2xx.
func send(hc *http.Client, url, token, idemKey string, body []byte) (Attempt, string, error) {
	a := Attempt{At: time.Now()}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		a.Err = err
		return a, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", idemKey)
	resp, err := hc.Do(req)
	if err != nil {
		a.Err = err
		return a, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	a.Status, a.RetryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
	if resp.StatusCode/100 != 2 {
		a.Err = fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, b)
		return a, "", a.Err
	}
	var t struct{ ID string }
	if err := json.Unmarshal(b, &t); err != nil || t.ID == "" {
		a.Err = fmt.Errorf("2xx without a ticket id: %.200s", b)
		return a, "", a.Err
	}
	return a, t.ID, nil
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func ms(d time.Duration) float64 { return round(float64(d)/1e6, 2) }

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
