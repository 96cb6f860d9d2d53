package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/danielgtaylor/huma/v2"

	"kefu/api"
)

// permissionNote is what handle() appends to a description; it does not
// count as the operation's own description.
var permissionNote = regexp.MustCompile("\\s*Requires permission `[^`]+`\\.$")

// TestEveryOperationIsDocumented walks the OpenAPI document: every
// operation has a summary, a description of its own, and documents the
// errors it can answer — 401 when it needs a sign-in, 403 when it needs a
// permission, 404 when it names an object in its path, 422 when it takes
// input — each as an RFC 9457 problem.
func TestEveryOperationIsDocumented(t *testing.T) {
	doc := api.Spec()
	var problems []string
	for path, item := range doc.Paths {
		for method, op := range operations(item) {
			where := fmt.Sprintf("%s %s (%s)", method, path, op.OperationID)
			for _, p := range operationProblems(method, path, op) {
				problems = append(problems, where+": "+p)
			}
		}
	}
	sort.Strings(problems)
	if len(problems) > 0 {
		t.Fatalf("%d operations are not fully documented:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

func operations(item *huma.PathItem) map[string]*huma.Operation {
	out := map[string]*huma.Operation{}
	for m, op := range map[string]*huma.Operation{
		http.MethodGet: item.Get, http.MethodPost: item.Post, http.MethodPut: item.Put,
		http.MethodPatch: item.Patch, http.MethodDelete: item.Delete,
	} {
		if op != nil {
			out[m] = op
		}
	}
	return out
}

func operationProblems(method, path string, op *huma.Operation) []string {
	var out []string
	if strings.TrimSpace(op.Summary) == "" {
		out = append(out, "no summary")
	}
	own := permissionNote.ReplaceAllString(op.Description, "")
	if strings.TrimSpace(own) == "" {
		out = append(out, "no description of its own")
	}
	var want []string
	if !(len(op.Security) == 1 && len(op.Security[0]) == 0) {
		want = append(want, "401")
	}
	if own != op.Description {
		want = append(want, "403")
	}
	if strings.Contains(path, "{") {
		want = append(want, "404")
	}
	if len(op.Parameters) > 0 || op.RequestBody != nil || method != http.MethodGet {
		want = append(want, "422")
	}
	errs := 0
	for code, r := range op.Responses {
		if code < "400" || code == "default" {
			continue
		}
		errs++
		if r.Content["application/problem+json"] == nil || r.Content["application/problem+json"].Schema == nil {
			out = append(out, code+" is not an application/problem+json document")
		}
		if strings.TrimSpace(r.Description) == "" {
			out = append(out, code+" has no description")
		}
	}
	if errs == 0 {
		out = append(out, "documents no error response")
	}
	for _, code := range want {
		if op.Responses[code] == nil {
			out = append(out, "does not document "+code)
		}
	}
	return out
}
