package client_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kefu/app"
	"kefu/app/apptest"
	"kefu/tenants/webhooks"
)

// guide is the README's "Getting started for integrators": its shell steps
// and its webhook receiver, as written.
type guide struct{ shell, receiver string }

func readGuide(t *testing.T) guide {
	t.Helper()
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const heading = "## Getting started for integrators"
	_, section, ok := strings.Cut(string(raw), heading)
	if !ok {
		t.Fatalf("README.md has no %q section", heading)
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	block := func(lang string) string {
		_, rest, ok := strings.Cut(section, "```"+lang+"\n")
		if !ok {
			t.Fatalf("the guide has no ```%s block", lang)
		}
		code, _, _ := strings.Cut(rest, "```")
		return code
	}
	return guide{shell: block("sh"), receiver: block("go")}
}

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// startReceiver compiles the guide's receiver and runs it until the test ends.
func startReceiver(t *testing.T, code, secret string) (url string, log *syncBuffer) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "receiver.go"), []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", "receiver", "receiver.go")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=", "GO111MODULE=on")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("the guide's receiver does not compile: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	log = &syncBuffer{}
	cmd := exec.Command(filepath.Join(dir, "receiver"))
	cmd.Env = append(os.Environ(), "ADDR="+addr, "KEFU_WEBHOOK_SECRET="+secret)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the receiver did not listen on %s:\n%s", addr, log)
		}
	}
	return "http://" + addr + "/kefu", log
}

func deliver(t *testing.T, url, signature, body string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Kefu-Event-Type", "ticket.created")
	if signature != "" {
		req.Header.Set("Kefu-Signature", signature)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestReadmeGuideWorksAsWritten: the receiver from the README verifies a
// correctly signed delivery and refuses tampered, stale and foreign ones;
// the guide's curl steps, run by bash against a real server, create a key,
// register that receiver and file two tickets (a retry with the same
// Idempotency-Key answers the same ticket), and Kefu's signed
// ticket.created deliveries reach the receiver and verify.
func TestReadmeGuideWorksAsWritten(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("the guide needs %s: %v", tool, err)
		}
	}
	g := readGuide(t)
	const secret = "guide-test-secret-0123456789abcdef"
	url, log := startReceiver(t, g.receiver, secret)

	body := `{"id":"whv_1","type":"ticket.created","data":{"ticket_id":"tkt_1"}}`
	now := time.Now()
	cases := []struct {
		name, signature, body string
		want                  int
	}{
		{"signed", webhooks.Sign(secret, now, []byte(body)), body, http.StatusOK},
		{"tampered body", webhooks.Sign(secret, now, []byte(body)), strings.Replace(body, "tkt_1", "tkt_2", 1), http.StatusUnauthorized},
		{"replayed an hour later", webhooks.Sign(secret, now.Add(-time.Hour), []byte(body)), body, http.StatusUnauthorized},
		{"another secret", webhooks.Sign("someone-elses-secret-0000", now, []byte(body)), body, http.StatusUnauthorized},
		{"no signature", "", body, http.StatusUnauthorized},
		{"timestamp swapped", "t=" + strconv.FormatInt(now.Unix()+1, 10) + "," + strings.Split(webhooks.Sign(secret, now, []byte(body)), ",")[1], body, http.StatusUnauthorized},
	}
	for _, c := range cases {
		if got := deliver(t, url, c.signature, c.body); got != c.want {
			t.Errorf("%s: receiver answered %d, want %d", c.name, got, c.want)
		}
	}
	if n := strings.Count(log.String(), "verified ticket.created"); n != 1 {
		t.Fatalf("the receiver accepted %d deliveries, want 1:\n%s", n, log)
	}

	e := apptest.New(t, func(c *app.Config) { c.WebhookAllowPrivate = true })
	e.StartWorkers()
	// The demo login the guide uses.
	e.Must(http.StatusCreated, "POST", "/v1/signup", "", map[string]any{
		"organization": "Demo Hospital", "slug": "demo-hospital", "industry": "hospital",
		"admin_email": "director@hospital.demo", "admin_password": "kefu-demo-2026"})
	// The steps as written, then step 3 once more as a retry with the same key.
	_, retry, ok := strings.Cut(g.shell, "# 3.")
	if !ok {
		t.Fatal("the guide's steps have no step 3")
	}
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", g.shell+"\n# 3."+retry)
	cmd.Env = append(os.Environ(), "KEFU="+e.URL, "RECEIVER="+url, "KEFU_WEBHOOK_SECRET="+secret)
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("the guide's steps failed: %v\n%s\n%s", err, out, exit.Stderr)
	} else if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var m map[string]any
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("the guide printed something that is not JSON: %v\n%s", err, out)
		}
		docs = append(docs, m)
	}
	if len(docs) != 5 {
		t.Fatalf("the guide printed %d answers, want 5 (webhook, ticket, call, and the retries):\n%s", len(docs), out)
	}
	hook, ticket, call := docs[0], docs[1], docs[2]
	if hook["url"] != url || ticket["number"] == nil || ticket["type"] != "complaint" {
		t.Fatalf("guide answers: %v", docs)
	}
	if call["type"] != "complaint" || call["subject"] != "来电：业务咨询 / 投诉建议" || call["customer_id"] == nil {
		t.Fatalf("the IVR call: %v", call)
	}
	if docs[3]["id"] != ticket["id"] || docs[4]["id"] != call["id"] {
		t.Fatalf("a retry with the same Idempotency-Key made new tickets: %v, %v then %v, %v", ticket["id"], call["id"], docs[3]["id"], docs[4]["id"])
	}
	for _, id := range []any{ticket["id"], call["id"]} {
		deadline := time.Now().Add(30 * time.Second)
		for !strings.Contains(log.String(), id.(string)) {
			if time.Now().After(deadline) {
				t.Fatalf("no verified delivery of %s reached the guide's receiver:\n%s", id, log)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}
