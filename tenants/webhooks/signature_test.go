package webhooks_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"testing"
	"time"

	"kefu/tenants/webhooks"
)

func TestSignatureFollowsTheDocumentedAlgorithm(t *testing.T) {
	at := time.Unix(1767225600, 0)
	body := []byte(`{"id":"whv_1","type":"ticket.created"}`)
	// What an integrator writes from the docs, with no Kefu code.
	m := hmac.New(sha256.New, []byte("whsec_test"))
	m.Write([]byte(strconv.FormatInt(at.Unix(), 10) + "." + string(body)))
	want := "t=1767225600,v1=" + hex.EncodeToString(m.Sum(nil))
	if got := webhooks.Sign("whsec_test", at, body); got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

func TestVerifyAcceptsOnlyAFreshSignatureOfTheSameBody(t *testing.T) {
	at := time.Unix(1767225600, 0)
	body := []byte(`{"id":"whv_1","type":"ticket.created","data":{"ticket":{"number":"T-1"}}}`)
	header := webhooks.Sign("whsec_test", at, body)
	tol := 5 * time.Minute
	cases := []struct {
		name   string
		secret string
		header string
		body   []byte
		now    time.Time
		want   error
	}{
		{"valid", "whsec_test", header, body, at.Add(time.Minute), nil},
		{"second v1 matches (rotation)", "whsec_test", header[:len("t=1767225600")] + ",v1=00," + header[len("t=1767225600,"):], body, at, nil},
		{"tampered body", "whsec_test", header, []byte(`{"id":"whv_1","type":"ticket.created","data":{"ticket":{"number":"T-2"}}}`), at, webhooks.ErrBadSignature},
		{"other secret", "whsec_other", header, body, at, webhooks.ErrBadSignature},
		{"replayed later", "whsec_test", header, body, at.Add(6 * time.Minute), webhooks.ErrStaleSignature},
		{"from the future", "whsec_test", header, body, at.Add(-6 * time.Minute), webhooks.ErrStaleSignature},
		{"timestamp changed", "whsec_test", "t=1767225601" + header[len("t=1767225600"):], body, at, webhooks.ErrBadSignature},
		{"no v1", "whsec_test", "t=1767225600", body, at, webhooks.ErrMalformedSignature},
		{"garbage", "whsec_test", "nonsense", body, at, webhooks.ErrMalformedSignature},
		{"empty", "whsec_test", "", body, at, webhooks.ErrMalformedSignature},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := webhooks.Verify(c.secret, c.header, c.body, tol, c.now)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("Verify = %v, want %v", err, c.want)
			}
		})
	}
}
