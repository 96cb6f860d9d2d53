package authz

import "testing"

func TestDecisionsKeepNoAnswerFromBeforeAReload(t *testing.T) {
	var d decisions
	_, found, gen := d.get("k")
	if found {
		t.Fatal("empty cache answered")
	}
	d.forget() // a reload lands while the answer is being computed
	d.put("k", true, gen)
	if _, found, _ := d.get("k"); found {
		t.Fatal("an answer computed on the old policy was kept")
	}
	_, _, gen = d.get("k")
	d.put("k", false, gen)
	if ok, found, _ := d.get("k"); !found || ok {
		t.Fatalf("answer after the reload: %v %v", ok, found)
	}
	d.forget()
	if _, found, _ := d.get("k"); found {
		t.Fatal("a reload kept an answer")
	}
}
