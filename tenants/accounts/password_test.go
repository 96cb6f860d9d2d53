package accounts

import (
	"strings"
	"testing"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse 电池")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if ok, err := CheckPassword(h, "correct horse 电池"); !ok || err != nil {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, _ := CheckPassword(h, "correct horse"); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse 电池")
	if h2 == h {
		t.Fatal("two hashes of one password share a salt")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=1,t=1,p=1$!!$!!", "$bcrypt$x$y$z$w"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	if ValidatePassword("1234567") == "" || ValidatePassword(strings.Repeat("x", 129)) == "" {
		t.Fatal("out-of-range password accepted")
	}
	if msg := ValidatePassword("密码密码密码密码"); msg != "" {
		t.Fatalf("8 CJK characters refused: %s", msg)
	}
}
