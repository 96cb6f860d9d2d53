package tickets

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"kefu/desk/customers"
	"kefu/ent/ticket"
	"kefu/ent/types"
	"kefu/fault"
)

// Limits on what a switch may send about a call.
const (
	maxIVRNodes   = 10
	maxIVRNodeLen = 100
	maxCallIDLen  = 128
)

// ivrTypes maps words of an IVR menu node to a ticket type, checked in
// this order ("投诉建议" is a complaint first); a path that names none is an
// inquiry.
var ivrTypes = []struct{ word, typ string }{
	{"投诉", string(ticket.TypeComplaint)},
	{"complain", string(ticket.TypeComplaint)},
	{"建议", string(ticket.TypeSuggestion)},
	{"suggest", string(ticket.TypeSuggestion)},
	{"咨询", string(ticket.TypeInquiry)},
	{"inquir", string(ticket.TypeInquiry)},
	{"报修", string(ticket.TypeRequest)},
	{"求助", string(ticket.TypeRequest)},
	{"repair", string(ticket.TypeRequest)},
	{"help", string(ticket.TypeRequest)},
	{"表扬", string(ticket.TypePraise)},
	{"praise", string(ticket.TypePraise)},
}

// TypeFromIVR derives a ticket type from the menu path a caller took: the
// last node that names a type wins (the deepest choice is the most
// specific); none → inquiry.
func TypeFromIVR(path []string) string {
	for i := len(path) - 1; i >= 0; i-- {
		node := strings.ToLower(path[i])
		for _, k := range ivrTypes {
			if strings.Contains(node, k.word) {
				return k.typ
			}
		}
	}
	return string(ticket.TypeInquiry)
}

// callSubject is the subject of a phone ticket that came without one:
// "来电：投诉建议" (the IVR path), or the masked number when there is no path.
func callSubject(locale string, c *types.Call) string {
	prefix := "来电："
	if locale == "en" {
		prefix = "Call: "
	}
	if len(c.IVRPath) == 0 {
		return prefix + customers.MaskNumber(c.CallerNumber)
	}
	return prefix + strings.Join(c.IVRPath, " / ")
}

// checkIntake validates a phone intake and fills what a switch may leave
// out: the normalised caller number and, from the IVR path, the type.
// Without a call it checks that type and subject were given.
func checkIntake(in *NewTicket) error {
	var inv fault.Invalid
	add := func(loc, msg string, v any) {
		inv.Fields = append(inv.Fields, fault.FieldError{Location: loc, Message: msg, Value: v})
	}
	if in.Call == nil {
		if in.Type == "" {
			add("body.type", "is required (it is derived from the IVR path only for phone intake)", nil)
		}
		if strings.TrimSpace(in.Subject) == "" {
			add("body.subject", "is required (it is derived from the call only for phone intake)", in.Subject)
		}
		if len(inv.Fields) > 0 {
			return &inv
		}
		return nil
	}
	if in.Channel != string(ticket.ChannelPhone) {
		add("body.call", "is accepted only with channel phone", in.Channel)
	}
	c := *in.Call
	n, err := customers.CallerNumber(c.CallerNumber)
	if err != nil {
		add("body.call.caller_number", err.Error(), c.CallerNumber)
	}
	if len(c.IVRPath) > maxIVRNodes {
		add("body.call.ivr_path", fmt.Sprintf("has more than %d nodes", maxIVRNodes), len(c.IVRPath))
	}
	path := make([]string, 0, len(c.IVRPath))
	for i, node := range c.IVRPath {
		node = strings.TrimSpace(node)
		if node == "" || utf8.RuneCountInString(node) > maxIVRNodeLen {
			add(fmt.Sprintf("body.call.ivr_path[%d]", i), fmt.Sprintf("must have 1 to %d characters", maxIVRNodeLen), c.IVRPath[i])
		}
		path = append(path, node)
	}
	if len(c.CallID) > maxCallIDLen {
		add("body.call.call_id", fmt.Sprintf("must have at most %d characters", maxCallIDLen), c.CallID)
	}
	if len(inv.Fields) > 0 {
		return &inv
	}
	in.Call = &types.Call{CallerNumber: n, IVRPath: path, CallID: strings.TrimSpace(c.CallID)}
	if in.Type == "" {
		in.Type = TypeFromIVR(path)
	}
	return nil
}
