package cluster

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// Kefu is how to run the kefu binary against one database and Redis.
type Kefu struct {
	Bin         string
	DatabaseURL string
	RedisURL    string
	// Env is extra KEFU_* settings for every process.
	Env []string
	c   *Cluster
}

// Pepper is the API key pepper every process shares (a throwaway cluster's).
const Pepper = "kefu-ops-cluster-pepper-throwaway-only"

// BuildKefu compiles ./cmd/kefu (without the console) from the module in
// srcDir into the working directory.
func (c *Cluster) BuildKefu(ctx context.Context, srcDir string) (string, error) {
	bin := c.path("kefu")
	cmd := exec.CommandContext(ctx, "go", "build", "-tags", "noconsole", "-o", bin, "./cmd/kefu")
	cmd.Dir = srcDir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build kefu: %w\n%s", err, out)
	}
	return bin, nil
}

// Kefu returns a runner for the binary.
func (c *Cluster) Kefu(bin, dbURL, redisURL string) *Kefu {
	return &Kefu{Bin: bin, DatabaseURL: dbURL, RedisURL: redisURL, c: c}
}

func (k *Kefu) env(extra ...string) []string {
	env := []string{
		"KEFU_DATABASE_URL=" + k.DatabaseURL, "KEFU_REDIS_URL=" + k.RedisURL, "KEFU_API_KEY_PEPPER=" + Pepper,
		"KEFU_DATA_DIR=" + k.c.path("data"), "KEFU_LOG_LEVEL=warn", "KEFU_LOG_FORMAT=text",
		// The load is many requests from a few keys: limits would measure
		// themselves, not the service.
		"KEFU_RATE_LIMIT_KEY=off", "KEFU_RATE_LIMIT_TENANT=off", "KEFU_RATE_LIMIT_LOGIN=off",
		// The APIs sit behind the cluster's proxy, which sets X-Forwarded-For,
		// as behind a production load balancer.
		"KEFU_TRUSTED_PROXIES=127.0.0.1",
	}
	env = append(env, k.Env...)
	return append(env, extra...)
}

// Migrate runs `kefu migrate`.
func (k *Kefu) Migrate() error {
	cmd := exec.Command(k.Bin, "migrate")
	cmd.Env = append(os.Environ(), k.env()...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("kefu migrate: %w\n%s", err, out)
	}
	return nil
}

// API is one `kefu serve --workers=false` process.
type API struct {
	*Proc
	Port int
	URL  string
}

// StartAPI starts an API process on a fresh port and waits for /readyz.
func (k *Kefu) StartAPI(name string) (*API, error) {
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	a := &API{Port: port, URL: "http://127.0.0.1:" + strconv.Itoa(port)}
	a.Proc = &Proc{Name: name, args: []string{k.Bin, "serve", "--workers=false"}, env: k.env("KEFU_ADDR=127.0.0.1:" + strconv.Itoa(port))}
	if _, err := k.c.proc(a.Proc); err != nil {
		return nil, err
	}
	return a, a.WaitReady(60 * time.Second)
}

// Restart starts the process again on the same port (after a kill).
func (a *API) Restart() error {
	if err := a.start(); err != nil {
		return err
	}
	return a.WaitReady(60 * time.Second)
}

// WaitReady polls /readyz until it answers 200.
func (a *API) WaitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		if code, _ := a.Ready(); code == http.StatusOK {
			return nil
		}
		if err := a.exited(); err != nil {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready after %s:\n%s", a.Name, timeout, a.Tail(15))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Ready is GET /readyz's status and Retry-After.
func (a *API) Ready() (int, string) {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(a.URL + "/readyz")
	if err != nil {
		return 0, ""
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Retry-After")
}

// Worker is one `kefu worker` process.
type Worker struct{ *Proc }

// StartWorker starts a worker process whose sweeper runs every sweep.
func (k *Kefu) StartWorker(name string, sweep time.Duration) (*Worker, error) {
	w := &Worker{&Proc{Name: name, args: []string{k.Bin, "worker", "--sweep-interval=" + sweep.String()}, env: k.env()}}
	if _, err := k.c.proc(w.Proc); err != nil {
		return nil, err
	}
	// A worker has no port: give it a moment to fail on a bad setting.
	time.Sleep(500 * time.Millisecond)
	return w, w.exited()
}

// Restart starts the worker again after a kill.
func (w *Worker) Restart() error {
	if err := w.start(); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	return w.exited()
}
