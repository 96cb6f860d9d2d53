package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kefu/ent"
	"kefu/paging"
	"kefu/tenants/apikeys"
	"kefu/tenants/authz"
	"kefu/tenants/billing"
)

// APIKeyView is an API key as listed: never its secret.
type APIKeyView struct {
	ID         string     `json:"id" example:"key_01jd0000000000000000000000"`
	Name       string     `json:"name" example:"HIS 对接"`
	Role       string     `json:"role" example:"agent" doc:"The role the key acts with"`
	Mode       string     `json:"mode" enum:"live,test"`
	Hint       string     `json:"hint" example:"kf_live_...x7Qz" doc:"The prefix and last characters, to tell keys apart"`
	Status     string     `json:"status" enum:"active,expired,revoked"`
	ExpiresAt  *time.Time `json:"expires_at,omitempty"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty" doc:"Updated at most once a minute"`
	LastUsedIP string     `json:"last_used_ip,omitempty" example:"203.0.113.7"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
	CreatedBy  string     `json:"created_by,omitempty" example:"usr_01jd0000000000000000000000" doc:"The user (or key) that created it"`
	CreatedAt  time.Time  `json:"created_at"`
}

// CreatedAPIKeyView is a new key, with its secret: shown this once only.
type CreatedAPIKeyView struct {
	APIKeyView
	Key string `json:"key" example:"kf_live_4eC39HqLyjWDarjtT1zdp7dcXbq8Fm2Z000000" doc:"The secret. Store it now: Kefu keeps only a hash and cannot show it again"`
}

func (s *server) apiKeyView(k *ent.APIKey) APIKeyView {
	return APIKeyView{
		ID: k.ID, Name: k.Name, Role: k.RoleID, Mode: string(k.Mode), Hint: k.Hint, Status: s.d.APIKeys.Status(k),
		ExpiresAt: k.ExpiresAt, LastUsedAt: k.LastUsedAt, LastUsedIP: k.LastUsedIP, RevokedAt: k.RevokedAt,
		CreatedBy: k.CreatedBy, CreatedAt: k.CreatedAt,
	}
}

type createAPIKeyInput struct {
	Body struct {
		Name      string     `json:"name" minLength:"1" maxLength:"100" example:"HIS 对接" doc:"What the key is for, e.g. the system that uses it"`
		Role      string     `json:"role" minLength:"1" maxLength:"40" example:"agent" doc:"A built-in or custom role; you can only give a role whose permissions you hold"`
		Mode      string     `json:"mode,omitempty" enum:"live,test" default:"live" doc:"live keys start kf_live_, test keys kf_test_; both act on the tenant's data"`
		ExpiresAt *time.Time `json:"expires_at,omitempty" example:"2027-01-01T00:00:00Z" doc:"After this the key answers 401; omit for a key that does not expire"`
	}
}

type apiKeyIDInput struct {
	ID string `path:"id" maxLength:"40" example:"key_01jd0000000000000000000000"`
}

func (s *server) apiKeyRoutes(api huma.API) {
	tags := []string{"API keys"}

	handle(api, can(authz.APIKeysWrite).onPlan(billing.FeatureAPIAccess), huma.Operation{
		OperationID: "create-api-key", Method: http.MethodPost, Path: "/v1/api-keys", Tags: tags,
		Summary: "Create an API key",
		Description: "Issues a key for an integrating system. The answer carries the key itself (`kf_live_…` or `kf_test_…`) " +
			"this once; Kefu stores only an HMAC of it. Send it as `Authorization: Bearer <key>`: the key acts with its role, " +
			"through the same permissions, data scope and audit log as a person. " +
			"A key's role may not grant anything you lack (403).",
		DefaultStatus: http.StatusCreated,
	}, func(ctx context.Context, in *createAPIKeyInput) (*struct{ Body CreatedAPIKeyView }, error) {
		b := in.Body
		k, err := s.d.APIKeys.Create(ctx, principalFrom(ctx).ActorID(), apikeys.NewKey{
			Name: b.Name, Role: b.Role, Mode: b.Mode, ExpiresAt: b.ExpiresAt,
		})
		if err != nil {
			return nil, err
		}
		return &struct{ Body CreatedAPIKeyView }{Body: CreatedAPIKeyView{APIKeyView: s.apiKeyView(k.APIKey), Key: k.Plaintext}}, nil
	})

	handle(api, can(authz.APIKeysRead), huma.Operation{
		OperationID: "list-api-keys", Method: http.MethodGet, Path: "/v1/api-keys", Tags: tags,
		Summary:     "List API keys",
		Description: "Newest first, revoked and expired keys included, with when and from where each was last used. Secrets are never shown.",
	}, func(ctx context.Context, in *ListParams) (*listOut[APIKeyView], error) {
		pg, err := paging.Parse(in.Limit, in.Cursor)
		if err != nil {
			return nil, err
		}
		rows, next, err := s.d.APIKeys.List(ctx, pg)
		if err != nil {
			return nil, err
		}
		return listOf(len(rows), func(i int) APIKeyView { return s.apiKeyView(rows[i]) }, next), nil
	})

	handle(api, can(authz.APIKeysRead), huma.Operation{
		OperationID: "get-api-key", Method: http.MethodGet, Path: "/v1/api-keys/{id}", Tags: tags,
		Summary: "Get an API key", Description: "The key's name, role, status and last use; never its secret.",
		Errors: []int{http.StatusNotFound},
	}, func(ctx context.Context, in *apiKeyIDInput) (*struct{ Body APIKeyView }, error) {
		k, err := s.d.APIKeys.Get(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &struct{ Body APIKeyView }{Body: s.apiKeyView(k)}, nil
	})

	handle(api, can(authz.APIKeysWrite), huma.Operation{
		OperationID: "revoke-api-key", Method: http.MethodDelete, Path: "/v1/api-keys/{id}", Tags: tags,
		Summary:     "Revoke an API key",
		Description: "The key stops working with the next request. Revoking a revoked key changes nothing; the key stays listed as revoked.",
		Errors:      []int{http.StatusNotFound}, DefaultStatus: http.StatusNoContent,
	}, func(ctx context.Context, in *apiKeyIDInput) (*struct{}, error) {
		_, err := s.d.APIKeys.Revoke(ctx, in.ID)
		return nil, err
	})
}
