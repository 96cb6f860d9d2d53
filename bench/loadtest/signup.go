package loadtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// DirectorPassword is the password of every benchmark tenant's director.
const DirectorPassword = "bench-director-password"

// Tenant is a tenant as signup answered it.
type Tenant struct {
	ID    string
	Token string // the director's session
}

// SignUp creates a tenant through POST /v1/signup, in English, with a
// director who signs in with DirectorPassword.
func (c *Client) SignUp(ctx context.Context, org, slug, industry, directorEmail string) (Tenant, error) {
	in := map[string]string{
		"organization": org, "slug": slug, "industry": industry, "locale": "en",
		"admin_email": directorEmail, "admin_password": DirectorPassword, "admin_name": "Bench Director",
	}
	var out struct {
		Tenant struct {
			ID string `json:"id"`
		} `json:"tenant"`
		Token string `json:"token"`
	}
	if err := c.CallJSON(ctx, http.MethodPost, "/v1/signup", "", in, &out); err != nil {
		return Tenant{}, fmt.Errorf("signup %s: %w", slug, err)
	}
	if out.Tenant.ID == "" || out.Token == "" {
		return Tenant{}, errors.New("signup " + slug + ": answered without the tenant or a token")
	}
	return Tenant{ID: out.Tenant.ID, Token: out.Token}, nil
}
