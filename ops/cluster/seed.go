package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Tenant is a signed-up organization with an API key and the short SLA
// policy.
type Tenant struct {
	ID, Slug, Key, Policy string
}

// Ladder is the short SLA policy's escalation ladder: the first step at
// the first-response breach, the second StepAfter later.
const (
	FirstResponse = 5 * time.Second
	StepAfter     = 5 * time.Second
	Levels        = 2
)

// SeedTenants signs up n organizations named after tag through the API of
// base; each gets an agent API key and an SLA policy for complaints on its
// 24×7 calendar with a 5 s first-response target and two escalation steps,
// so escalations fall due within seconds of a ticket's creation.
func SeedTenants(ctx context.Context, base, tag string, n int) ([]Tenant, error) {
	out := make([]Tenant, n)
	for i := range out {
		t := &out[i]
		t.Slug = fmt.Sprintf("ops-%s-%02d", tag, i)
		var su struct {
			Tenant struct{ ID string } `json:"tenant"`
			Token  string              `json:"token"`
		}
		err := callJSON(ctx, base, http.MethodPost, "/v1/signup", "", map[string]string{
			"organization": "Ops " + t.Slug, "slug": t.Slug, "industry": "generic",
			"admin_email": "director@" + t.Slug + ".example.com", "admin_password": "ops-director-password-1",
			"admin_name": "Ops Director", "locale": "en",
		}, &su)
		if err != nil {
			return nil, fmt.Errorf("seed %s: signup: %w", t.Slug, err)
		}
		t.ID = su.Tenant.ID
		var cals struct {
			Items []struct {
				ID         string `json:"id"`
				AlwaysOpen bool   `json:"always_open"`
			} `json:"items"`
		}
		if err := callJSON(ctx, base, http.MethodGet, "/v1/calendars", su.Token, nil, &cals); err != nil {
			return nil, fmt.Errorf("seed %s: calendars: %w", t.Slug, err)
		}
		cal := ""
		for _, c := range cals.Items {
			if c.AlwaysOpen {
				cal = c.ID
			}
		}
		if cal == "" {
			return nil, fmt.Errorf("seed %s: no 24×7 calendar", t.Slug)
		}
		var pol struct{ ID string }
		err = callJSON(ctx, base, http.MethodPost, "/v1/sla-policies", su.Token, map[string]any{
			"name": "Complaints 5 s", "calendar_id": cal, "match": map[string]any{"types": []string{"complaint"}},
			"first_response": "PT5S", "resolution": "PT1H", "rank": 1,
			"escalation": []map[string]string{{"after": "PT0S", "to": "supervisor"}, {"after": "PT5S", "to": "manager"}},
		}, &pol)
		if err != nil {
			return nil, fmt.Errorf("seed %s: sla policy: %w", t.Slug, err)
		}
		t.Policy = pol.ID
		var key struct{ Key string }
		if err := callJSON(ctx, base, http.MethodPost, "/v1/api-keys", su.Token, map[string]string{"name": "ops load", "role": "agent"}, &key); err != nil {
			return nil, fmt.Errorf("seed %s: api key: %w", t.Slug, err)
		}
		t.Key = key.Key
	}
	return out, nil
}

var setupClient = &http.Client{Timeout: 30 * time.Second}

func callJSON(ctx context.Context, base, method, path, token string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := setupClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}
