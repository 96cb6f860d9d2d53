package accounts

import (
	"testing"
	"time"
)

func TestSessionCacheKeepsNoReadBegunBeforeAFlush(t *testing.T) {
	c := newSessionCache()
	row := &sessionRow{ID: "ses_1"}
	got, epoch := c.get("h")
	if got != nil {
		t.Fatal("empty cache answered")
	}
	c.flush() // a logout lands while the read is on its way
	c.put("h", row, epoch, time.Now())
	if got, _ := c.get("h"); got != nil {
		t.Fatal("a read begun before the flush was kept")
	}
	_, epoch = c.get("h")
	c.put("h", row, epoch, time.Now())
	if got, _ := c.get("h"); got != row {
		t.Fatal("a read after the flush was not kept")
	}
	c.put("old", row, epoch, time.Now().Add(-sessionCacheTTL))
	if got, _ := c.get("old"); got != nil {
		t.Fatal("a read older than the TTL was reused")
	}
}
