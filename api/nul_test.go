package api_test

import (
	"net/http"
	"slices"
	"testing"

	"kefu/app/apptest"
)

// Ids and filters the database could not store are refused before any
// handler runs, with the offending parameter named, on every backend.
func TestURLsWithTextTheDatabaseCannotStoreAreRefused(t *testing.T) {
	e := apptest.New(t)
	acme := e.Signup("acme", "generic")
	for path, location := range map[string]string{
		"/v1/tickets?q=%00":           "query.q",
		"/v1/tickets?status=open%ff":  "query.status",
		"/v1/customers?q=%e4%b8":      "query.q",
		"/v1/tickets/tkt_%00":         "path",
		"/v1/customers/cus_%c3%28abc": "path",
	} {
		r := e.Do("GET", path, acme.Token, nil)
		if r.Status != http.StatusUnprocessableEntity || !slices.Contains(errorLocations(r), location) {
			t.Errorf("GET %s: %d %s, want 422 at %s", path, r.Status, r.Raw, location)
		}
	}
	e.Must(http.StatusOK, "GET", "/v1/tickets?q=%E7%94%B5%E6%A2%AF", acme.Token, nil)
}
