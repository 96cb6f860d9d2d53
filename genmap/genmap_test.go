package genmap

import "testing"

func TestAValueComputedBeforeAForgetIsNotStored(t *testing.T) {
	var c Map[bool]
	_, found, gen := c.Get("k")
	if found {
		t.Fatal("empty map answered")
	}
	c.Forget() // the data changed while the value was being computed
	c.Put("k", true, gen)
	if _, found, _ := c.Get("k"); found {
		t.Fatal("a value from before the change was stored")
	}
	_, _, gen = c.Get("k")
	c.Put("k", false, gen)
	if v, found, _ := c.Get("k"); !found || v {
		t.Fatalf("value after the change: %v %v", v, found)
	}
	c.Delete("k")
	if _, found, _ := c.Get("k"); found {
		t.Fatal("a deleted key answered")
	}
}

func TestTheMapIsBounded(t *testing.T) {
	c := Map[int]{Max: 2}
	for i, k := range []string{"a", "b", "c"} {
		_, _, gen := c.Get(k)
		c.Put(k, i, gen)
	}
	if _, found, _ := c.Get("a"); found {
		t.Fatal("a map at its bound kept growing")
	}
	if v, found, _ := c.Get("c"); !found || v != 2 {
		t.Fatalf("the newest value: %v %v", v, found)
	}
}
