package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"kefu/app/apptest"
)

func phoneCall(number string, path ...string) map[string]any {
	return map[string]any{"channel": "phone", "call": map[string]any{"caller_number": number, "ivr_path": path, "call_id": "call-" + number}}
}

func errorLocations(r apptest.Response) []string {
	var out []string
	errs, _ := r.JSON["errors"].([]any)
	for _, e := range errs {
		m, _ := e.(map[string]any)
		l, _ := m["location"].(string)
		out = append(out, l)
	}
	return out
}

// A first call from a number creates a regular customer named after the
// masked number; the same number written another way finds it again.
func TestPhoneIntakeCreatesTheCallerThenFindsThem(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("ivr", "property")

	first := e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, phoneCall("+86 138-0013-8000", "投诉建议"))
	if first.Str("type") != "complaint" || first.Str("subject") != "来电：投诉建议" || first.Str("priority") != "high" {
		t.Fatalf("derived type/subject/priority: %s", first.Raw)
	}
	cid := first.Str("customer_id")
	if cid == "" {
		t.Fatalf("no customer linked: %s", first.Raw)
	}
	cust := e.Must(http.StatusOK, "GET", "/v1/customers/"+cid, tn.Token, nil)
	if cust.Str("name") != "来电 138****8000" || cust.Str("phone") != "13800138000" || cust.Str("tier") != "regular" {
		t.Fatalf("created caller: %s", cust.Raw)
	}
	got := e.Must(http.StatusOK, "GET", "/v1/tickets/"+first.Str("id"), tn.Token, nil)
	call, _ := got.JSON["call"].(map[string]any)
	if call["caller_number"] != "13800138000" || call["call_id"] != "call-+86 138-0013-8000" || !slices.Equal(toStrings(call["ivr_path"]), []string{"投诉建议"}) {
		t.Fatalf("GET shows call %v", got.JSON["call"])
	}

	again := e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, phoneCall("0086 13800138000", "业务咨询"))
	if again.Str("customer_id") != cid || again.Str("type") != "inquiry" || again.Str("subject") != "来电：业务咨询" {
		t.Fatalf("second call: %s", again.Raw)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/customers?phone=13800138000", tn.Token, nil).Items()); n != 1 {
		t.Fatalf("%d customers with the number, want 1", n)
	}

	// Given type and subject win over the IVR path; the deepest node that
	// names a type decides otherwise.
	given := phoneCall("13800138000", "物业服务", "报修")
	given["subject"], given["type"] = "楼道灯不亮", "request"
	if r := e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, given); r.Str("subject") != "楼道灯不亮" || r.Str("type") != "request" {
		t.Fatalf("given fields: %s", r.Raw)
	}
	if r := e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, phoneCall("13800138000", "表扬", "其他")); r.Str("type") != "praise" {
		t.Fatalf("deepest typed node: %s", r.Raw)
	}
	if r := e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, phoneCall("13800138000")); r.Str("type") != "inquiry" || r.Str("subject") != "来电：138****8000" {
		t.Fatalf("no IVR path: %s", r.Raw)
	}
}

func TestPhoneIntakeFindsCustomersByPhoneAndContacts(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("ivr", "property")
	office := e.Must(http.StatusCreated, "POST", "/v1/customers", tn.Token, map[string]any{
		"name": "王女士", "phone": "010-1234 5678", "tier": "vip"}).Str("id")
	family := e.Must(http.StatusCreated, "POST", "/v1/customers", tn.Token, map[string]any{
		"name": "张先生", "phone": "13900000001", "contacts": []map[string]any{{"name": "张太太", "phone": "+86 139 0000 0002", "relation": "配偶"}}}).Str("id")

	r := e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, phoneCall("+86 10 1234 5678", "投诉"))
	if r.Str("customer_id") != office || r.Str("priority") != "urgent" {
		t.Fatalf("landline with country code: %s", r.Raw)
	}
	if r := e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, phoneCall("13900000002", "咨询")); r.Str("customer_id") != family {
		t.Fatalf("contact's phone: %s", r.Raw)
	}
	// An English tenant names new callers in English.
	e.Must(http.StatusOK, "PATCH", "/v1/tenant", tn.Token, map[string]any{"locale": "en"})
	r = e.Must(http.StatusCreated, "POST", "/v1/tickets", tn.Token, phoneCall("+44 20 7946 0958", "complaints"))
	if r.Str("subject") != "Call: complaints" || r.Str("type") != "complaint" {
		t.Fatalf("english intake: %s", r.Raw)
	}
	if c := e.Must(http.StatusOK, "GET", "/v1/customers/"+r.Str("customer_id"), tn.Token, nil); c.Str("name") != "Caller +44******0958" || c.Str("phone") != "+442079460958" {
		t.Fatalf("english caller: %s", c.Raw)
	}
}

func TestPhoneIntakeBadInputIs422AndChangesNothing(t *testing.T) {
	e := apptest.New(t)
	tn := e.Signup("ivr", "property")
	long := strings.Repeat("1", 25)
	cases := []struct {
		name string
		body map[string]any
		loc  string
	}{
		{"call on another channel", map[string]any{"channel": "web", "call": map[string]any{"caller_number": "13800138000"}}, "body.call"},
		{"no caller number", map[string]any{"channel": "phone", "call": map[string]any{"ivr_path": []string{"投诉"}}}, "body.call.caller_number"},
		{"letters in the number", map[string]any{"channel": "phone", "call": map[string]any{"caller_number": "call-me"}}, "body.call.caller_number"},
		{"too many digits", map[string]any{"channel": "phone", "call": map[string]any{"caller_number": long}}, "body.call.caller_number"},
		{"too few digits", map[string]any{"channel": "phone", "call": map[string]any{"caller_number": "+86"}}, "body.call.caller_number"},
		{"empty IVR node", phoneCall("13800138000", "投诉", " "), "body.call.ivr_path[1]"},
		{"no type without a call", map[string]any{"channel": "web", "subject": "无类型"}, "body.type"},
		{"no subject without a call", map[string]any{"channel": "web", "type": "inquiry"}, "body.subject"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.Do("POST", "/v1/tickets", tn.Token, c.body)
			if r.Status != http.StatusUnprocessableEntity || !slices.Contains(errorLocations(r), c.loc) {
				t.Fatalf("status %d, errors at %v, want 422 at %s: %s", r.Status, errorLocations(r), c.loc, r.Raw)
			}
		})
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/tickets", tn.Token, nil).Items()); n != 0 {
		t.Fatalf("%d tickets after rejected intake", n)
	}
	if n := len(e.Must(http.StatusOK, "GET", "/v1/customers", tn.Token, nil).Items()); n != 0 {
		t.Fatalf("%d customers after rejected intake", n)
	}
}
