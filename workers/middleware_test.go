package workers

import (
	"context"
	"errors"
	"testing"

	"github.com/hibiken/asynq"

	"kefu/tenants/tenancy"
)

func TestTenantContextComesFromThePayload(t *testing.T) {
	var got string
	h := tenantContext(asynq.HandlerFunc(func(ctx context.Context, _ *asynq.Task) error {
		got = tenancy.TenantID(ctx)
		if v, _ := tenancy.FromContext(ctx); v.IsSystem() {
			t.Error("task ran with the system bypass")
		}
		return nil
	}))
	if err := h.ProcessTask(context.Background(), asynq.NewTask("x", []byte(`{"tenant_id":"ten_1","id":"m1"}`))); err != nil {
		t.Fatal(err)
	}
	if got != "ten_1" {
		t.Fatalf("tenant %q", got)
	}
	for _, payload := range []string{`{}`, `not json`, `{"tenant_id":""}`} {
		err := h.ProcessTask(context.Background(), asynq.NewTask("x", []byte(payload)))
		if !errors.Is(err, asynq.SkipRetry) {
			t.Errorf("payload %s: %v", payload, err)
		}
	}
}
