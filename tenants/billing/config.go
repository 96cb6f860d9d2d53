package billing

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"time"

	"kefu/isodur"
)

// Config is the billing catalogue: plans and the lifecycle's periods.
type Config struct {
	TrialDays int `json:"trial_days"`
	// GracePeriod is how long a past-due tenant keeps writing before it is
	// suspended (read-only); Retention how long a canceled tenant's data
	// are kept before they are exported and purged. ISO 8601 durations.
	GracePeriod   string `json:"grace_period"`
	Retention     string `json:"retention"`
	WarnAtPercent int    `json:"warn_at_percent"`
	// ExportDir receives purged tenants' data; empty: <data dir>/exports.
	ExportDir string `json:"export_dir,omitempty"`
	Plans     []Plan `json:"plans"`

	grace, retention time.Duration
}

//go:embed plans.json
var defaultConfig []byte

var planID = regexp.MustCompile(`^[a-z][a-z0-9_-]{1,39}$`)

// LoadConfig reads the catalogue from path, or the embedded default when
// path is empty.
func LoadConfig(path string) (*Config, error) {
	raw := defaultConfig
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("billing config: %w", err)
		}
		raw = b
	}
	var c Config
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("billing config %s: %w", path, err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("billing config %s: %w", path, err)
	}
	return &c, nil
}

func (c *Config) validate() error {
	var err error
	if c.grace, err = isodur.Parse(c.GracePeriod); err != nil {
		return fmt.Errorf("grace_period: %w", err)
	}
	if c.retention, err = isodur.Parse(c.Retention); err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	if c.TrialDays < 0 || c.TrialDays > 730 {
		return fmt.Errorf("trial_days: %d is not between 0 and 730", c.TrialDays)
	}
	if c.WarnAtPercent <= 0 || c.WarnAtPercent > 100 {
		return fmt.Errorf("warn_at_percent: %d is not between 1 and 100", c.WarnAtPercent)
	}
	if len(c.Plans) == 0 {
		return fmt.Errorf("no plans")
	}
	seen := map[string]bool{}
	prices := map[string]bool{}
	for i, p := range c.Plans {
		switch {
		case !planID.MatchString(p.ID) || p.ID == LocalPlan:
			return fmt.Errorf("plans[%d]: id %q must be 2–40 lower-case letters, digits, - or _, and not %q", i, p.ID, LocalPlan)
		case seen[p.ID]:
			return fmt.Errorf("plans[%d]: id %q twice", i, p.ID)
		case p.StripePriceID != "" && prices[p.StripePriceID]:
			return fmt.Errorf("plans[%d]: stripe_price_id %q is used by another plan", i, p.StripePriceID)
		case p.Seats < 0 || p.TicketsPerMonth < 0:
			return fmt.Errorf("plans[%d]: seats and tickets_per_month must not be negative", i)
		}
		for _, f := range p.Features {
			if !slices.Contains(Features, f) {
				return fmt.Errorf("plans[%d]: unknown feature %q (known: %v)", i, f, Features)
			}
		}
		seen[p.ID] = true
		if p.StripePriceID != "" {
			prices[p.StripePriceID] = true
		}
	}
	return nil
}

// Grace is the past-due grace period.
func (c *Config) Grace() time.Duration { return c.grace }

// RetentionPeriod is how long a canceled tenant's data are kept.
func (c *Config) RetentionPeriod() time.Duration { return c.retention }
