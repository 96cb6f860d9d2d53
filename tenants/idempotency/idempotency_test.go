package idempotency_test

import (
	"context"
	"errors"
	"testing"
	"time"

	_ "kefu/ent/runtime"
	"kefu/tenants/idempotency"
	"kefu/tenants/tenancy"
	"kefu/testkit"
)

type fixture struct {
	svc    *idempotency.Service
	now    time.Time
	t1, t2 context.Context
}

func newFixture(t *testing.T) *fixture {
	st := testkit.Store(t)
	sys := tenancy.System(context.Background())
	f := &fixture{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	f.svc = idempotency.New(st.Client, func() time.Time { return f.now })
	for i, slug := range []string{"acme", "globex"} {
		tn := st.Tenant.Create().SetSlug(slug).SetName(slug).SetIndustry("generic").SaveX(sys)
		ctx := tenancy.WithViewer(context.Background(), tenancy.Viewer{TenantID: tn.ID, ActorType: tenancy.ActorUser, ActorID: "usr_1"})
		if i == 0 {
			f.t1 = ctx
		} else {
			f.t2 = ctx
		}
	}
	return f
}

func req(key, body string) idempotency.Request {
	return idempotency.Request{Principal: "usr_1", Key: key, Method: "POST", Path: "/v1/tickets",
		Hash: idempotency.Hash("POST", "/v1/tickets", []byte(body))}
}

func (f *fixture) begin(t *testing.T, ctx context.Context, r idempotency.Request) idempotency.Result {
	t.Helper()
	res, err := f.svc.Begin(ctx, r)
	if err != nil {
		t.Fatalf("Begin(%s): %v", r.Key, err)
	}
	return res
}

func TestBeginClaimsThenReplaysTheStoredAnswer(t *testing.T) {
	f := newFixture(t)
	first := f.begin(t, f.t1, req("k1", "a"))
	if first.Claim == "" {
		t.Fatalf("first Begin: %+v, want a claim", first)
	}
	if busy := f.begin(t, f.t1, req("k1", "a")); !busy.Busy {
		t.Fatalf("while running: %+v, want busy", busy)
	}
	want := idempotency.Response{Status: 201, Headers: map[string]string{"Location": "/v1/tickets/tkt_1"}, Body: []byte(`{"id":"tkt_1"}`)}
	if err := f.svc.Complete(f.t1, first.Claim, want); err != nil {
		t.Fatal(err)
	}
	got := f.begin(t, f.t1, req("k1", "a"))
	if got.Stored == nil || got.Stored.Status != 201 || string(got.Stored.Body) != `{"id":"tkt_1"}` || got.Stored.Headers["Location"] != "/v1/tickets/tkt_1" {
		t.Fatalf("replay: %+v", got)
	}
	if _, err := f.svc.Begin(f.t1, req("k1", "b")); !errors.Is(err, idempotency.ErrKeyReused) {
		t.Fatalf("other body: %v, want ErrKeyReused", err)
	}
	other := req("k1", "a")
	other.Path = "/v1/customers"
	if _, err := f.svc.Begin(f.t1, other); !errors.Is(err, idempotency.ErrKeyReused) {
		t.Fatalf("other path: %v, want ErrKeyReused", err)
	}
}

func TestBeginKeysAreApartPerTenantAndPrincipal(t *testing.T) {
	f := newFixture(t)
	f.begin(t, f.t1, req("k1", "a"))
	if r := f.begin(t, f.t2, req("k1", "a")); r.Claim == "" {
		t.Fatalf("same key in another tenant: %+v, want its own claim", r)
	}
	colleague := req("k1", "a")
	colleague.Principal = "usr_2"
	if r := f.begin(t, f.t1, colleague); r.Claim == "" {
		t.Fatalf("same key, another caller: %+v, want its own claim", r)
	}
}

func TestReleaseLetsARetryRun(t *testing.T) {
	f := newFixture(t)
	c := f.begin(t, f.t1, req("k1", "a")).Claim
	if err := f.svc.Release(f.t1, c); err != nil {
		t.Fatal(err)
	}
	if r := f.begin(t, f.t1, req("k1", "a")); r.Claim == "" {
		t.Fatalf("after release: %+v, want a fresh claim", r)
	}
}

func TestBeginTakesOverALapsedClaimOnce(t *testing.T) {
	f := newFixture(t)
	f.begin(t, f.t1, req("k1", "a"))
	f.now = f.now.Add(idempotency.Lock)
	taken := f.begin(t, f.t1, req("k1", "a"))
	if taken.Claim == "" {
		t.Fatalf("lapsed claim: %+v, want taken over", taken)
	}
	if r := f.begin(t, f.t1, req("k1", "a")); !r.Busy {
		t.Fatalf("right after the take-over: %+v, want busy", r)
	}
}

func TestAwaitReplaysWhenTheFirstFinishes(t *testing.T) {
	f := newFixture(t)
	c := f.begin(t, f.t1, req("k1", "a")).Claim
	done := make(chan idempotency.Result)
	go func() {
		r, err := f.svc.Await(f.t1, req("k1", "a"))
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	if err := f.svc.Complete(f.t1, c, idempotency.Response{Status: 204}); err != nil {
		t.Fatal(err)
	}
	if r := <-done; r.Stored == nil || r.Stored.Status != 204 {
		t.Fatalf("Await: %+v, want the stored 204", r)
	}
	f.svc.Wait = 50 * time.Millisecond
	f.begin(t, f.t1, req("k2", "a"))
	if r, err := f.svc.Await(f.t1, req("k2", "a")); err != nil || !r.Busy {
		t.Fatalf("Await on a claim that never finishes: %+v %v, want busy", r, err)
	}
}

func TestPurgeExpiredForgetsOnlyOldKeys(t *testing.T) {
	f := newFixture(t)
	f.begin(t, f.t1, req("old", "a"))
	f.begin(t, f.t2, req("old", "a"))
	f.now = f.now.Add(time.Hour)
	f.begin(t, f.t1, req("new", "a"))
	f.now = f.now.Add(idempotency.TTL - time.Minute)
	n, err := f.svc.PurgeExpired(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("PurgeExpired = %d, %v; want the two day-old keys", n, err)
	}
	if _, err := f.svc.Begin(f.t1, req("new", "other body")); !errors.Is(err, idempotency.ErrKeyReused) {
		t.Fatalf("fresh key after purge: %v, want it still remembered", err)
	}
}

func TestValidKey(t *testing.T) {
	for k, want := range map[string]bool{"": false, "a": true, "order-42:retry": true, "tab\t": false, "中": false} {
		if idempotency.ValidKey(k) != want {
			t.Errorf("ValidKey(%q) != %v", k, want)
		}
	}
}
