package tickets

import (
	"strings"
	"testing"

	"kefu/ent/types"
	"kefu/fault"
)

func TestTypeFromIVR(t *testing.T) {
	cases := []struct {
		path []string
		want string
	}{
		{[]string{"投诉建议"}, "complaint"},
		{[]string{"业务咨询"}, "inquiry"},
		{[]string{"建议"}, "suggestion"},
		{[]string{"物业服务", "报修"}, "request"},
		{[]string{"求助"}, "request"},
		{[]string{"表扬"}, "praise"},
		{[]string{"投诉建议", "物业服务"}, "complaint"}, // the deepest node naming a type wins
		{[]string{"业务咨询", "投诉建议"}, "complaint"},
		{[]string{"Complaints"}, "complaint"},
		{[]string{"其他"}, "inquiry"},
		{nil, "inquiry"},
	}
	for _, c := range cases {
		if got := TypeFromIVR(c.path); got != c.want {
			t.Errorf("TypeFromIVR(%q) = %s, want %s", c.path, got, c.want)
		}
	}
}

func TestCheckIntakeFillsTypeAndNormalisesTheCall(t *testing.T) {
	in := NewTicket{Channel: "phone", Call: &types.Call{CallerNumber: "+86 138 0013 8000", IVRPath: []string{" 投诉建议 "}, CallID: " c1 "}}
	if err := checkIntake(&in); err != nil {
		t.Fatal(err)
	}
	if in.Type != "complaint" || in.Call.CallerNumber != "13800138000" || in.Call.IVRPath[0] != "投诉建议" || in.Call.CallID != "c1" {
		t.Fatalf("%+v %+v", in, in.Call)
	}
	if got := callSubject("zh-CN", in.Call); got != "来电：投诉建议" {
		t.Errorf("subject %q", got)
	}
	if got := callSubject("en", &types.Call{CallerNumber: "13800138000"}); got != "Call: 138****8000" {
		t.Errorf("subject without a path %q", got)
	}
	given := NewTicket{Channel: "phone", Type: "praise", Call: &types.Call{CallerNumber: "13800138000", IVRPath: []string{"投诉"}}}
	if err := checkIntake(&given); err != nil || given.Type != "praise" {
		t.Fatalf("a given type was replaced: %v %s", err, given.Type)
	}
}

func TestCheckIntakeNamesEveryBadField(t *testing.T) {
	cases := []struct {
		name string
		in   NewTicket
		locs []string
	}{
		{"call on another channel", NewTicket{Channel: "web", Call: &types.Call{CallerNumber: "13800138000"}}, []string{"body.call"}},
		{"bad number and node", NewTicket{Channel: "phone", Call: &types.Call{CallerNumber: "abc", IVRPath: []string{"ok", ""}}}, []string{"body.call.caller_number", "body.call.ivr_path[1]"}},
		{"long call id", NewTicket{Channel: "phone", Call: &types.Call{CallerNumber: "110", CallID: strings.Repeat("x", 129)}}, []string{"body.call.call_id"}},
		{"too many nodes", NewTicket{Channel: "phone", Call: &types.Call{CallerNumber: "110", IVRPath: strings.Split("a,b,c,d,e,f,g,h,i,j,k", ",")}}, []string{"body.call.ivr_path"}},
		{"no type or subject without a call", NewTicket{Channel: "web"}, []string{"body.type", "body.subject"}},
	}
	for _, c := range cases {
		err := checkIntake(&c.in)
		inv, ok := err.(*fault.Invalid)
		if !ok {
			t.Errorf("%s: %v, want a validation error", c.name, err)
			continue
		}
		var locs []string
		for _, f := range inv.Fields {
			locs = append(locs, f.Location)
		}
		if strings.Join(locs, " ") != strings.Join(c.locs, " ") {
			t.Errorf("%s: errors at %v, want %v", c.name, locs, c.locs)
		}
	}
}
