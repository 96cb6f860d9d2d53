package customers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"entgo.io/ent/dialect/sql"

	"kefu/ent"
	"kefu/ent/customer"
)

// Caller numbers: the shortest and longest numbers intake accepts (emergency
// and bank short numbers have 3–5 digits; E.164 allows 15, extensions more).
const (
	minCallerDigits = 3
	maxCallerDigits = 20
)

// CallerNumber normalises a number as a telephone switch sends it, so one
// caller is one customer however the number was written:
//   - spaces, dashes, dots and parentheses are dropped; any other character is an error;
//   - the mainland China country code (+86 or 0086) gives way to the domestic
//     form: mobiles are their 11 digits (+86 138 0013 8000 → 13800138000),
//     landlines get their trunk 0 back (+86 10 1234 5678 → 01012345678);
//   - other international numbers keep "+" and their digits (+44 20 … → +4420…);
//   - anything else is kept as its digits (010-1234 5678 → 01012345678).
func CallerNumber(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	plus := strings.HasPrefix(s, "+")
	s = strings.TrimPrefix(s, "+")
	var digits strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case strings.ContainsRune(" -.()", r):
		default:
			return "", fmt.Errorf("may contain only digits, a leading + and separators")
		}
	}
	d := digits.String()
	if len(d) < minCallerDigits || len(d) > maxCallerDigits {
		return "", fmt.Errorf("must have %d to %d digits", minCallerDigits, maxCallerDigits)
	}
	switch {
	case plus && strings.HasPrefix(d, "86"):
		d = domestic(d[2:])
	case plus:
		return "+" + d, nil
	case strings.HasPrefix(d, "0086"):
		d = domestic(d[4:])
	}
	if len(d) < minCallerDigits {
		return "", fmt.Errorf("must have %d to %d digits", minCallerDigits, maxCallerDigits)
	}
	return d, nil
}

// domestic turns a mainland number without its country code into the form
// dialled at home: mobiles (11 digits starting with 1) as they are,
// landlines with the trunk 0 before the area code.
func domestic(d string) string {
	if (len(d) == 11 && d[0] == '1') || strings.HasPrefix(d, "0") {
		return d
	}
	return "0" + d
}

// storedForms are the ways a normalised number may sit in customers.phone
// (which keeps what people typed, less separators).
func storedForms(n string) []string {
	if strings.HasPrefix(n, "+") {
		return []string{n, "00" + n[1:]}
	}
	national := strings.TrimPrefix(n, "0")
	return []string{n, "+86" + national, "0086" + national, "+86" + n}
}

// FindByPhone returns the oldest customer whose phone — or, failing that,
// one of whose contacts' phones — is this caller's number; nil when there
// is none. number must come from CallerNumber. Key accounts are found too:
// intake must not duplicate them, and only the id is handed back.
func FindByPhone(ctx context.Context, db *ent.Client, number string) (*ent.Customer, error) {
	c, err := db.Customer.Query().Where(customer.PhoneIn(storedForms(number)...)).Order(customer.ByID()).First(ctx)
	if err == nil {
		return c, nil
	}
	if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("find customer by phone: %w", err)
	}
	// Contacts are JSON as people typed them ("139 0000 0002"): the last
	// four digits, written together in every common style, narrow the scan;
	// the normalised comparison decides.
	needle := number[max(len(number)-4, 0):]
	rows, err := db.Customer.Query().Where(func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("CAST(").WriteString(s.C(customer.FieldContacts)).WriteString(" AS TEXT) LIKE ").Arg("%" + needle + "%")
		}))
	}).Order(customer.ByID()).Limit(500).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("find customer by contact phone: %w", err)
	}
	for _, c := range rows {
		for _, ct := range c.Contacts {
			if n, err := CallerNumber(ct.Phone); err == nil && n == number {
				return c, nil
			}
		}
	}
	return nil, nil
}

// ErrNoNumber is returned by CreateCaller for an empty number.
var ErrNoNumber = errors.New("caller number is empty")

// CreateCaller records a first-time caller as a regular customer named
// after the masked number ("来电 138****5678", "Caller …" for English
// tenants), through c so it commits with the caller's ticket.
func CreateCaller(ctx context.Context, c *ent.Client, number, locale, timezone string) (*ent.Customer, error) {
	if number == "" {
		return nil, ErrNoNumber
	}
	name := "来电 " + MaskNumber(number)
	if locale == "en" {
		name = "Caller " + MaskNumber(number)
	}
	q := c.Customer.Create().SetName(name).SetPhone(number).SetTier(customer.TierRegular)
	if timezone != "" {
		q.SetTimezone(timezone)
	}
	out, err := q.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create caller: %w", err)
	}
	return out, nil
}

// MaskNumber hides the middle of a number (138****5678) so a customer's
// name does not spell out their phone.
func MaskNumber(n string) string {
	if len(n) < 8 {
		return n
	}
	return n[:3] + strings.Repeat("*", len(n)-7) + n[len(n)-4:]
}
