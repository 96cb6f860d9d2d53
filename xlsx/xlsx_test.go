package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"
)

// sheet is the worksheet part as read back.
type sheet struct {
	Rows []struct {
		R     int `xml:"r,attr"`
		Cells []struct {
			Ref    string `xml:"r,attr"`
			Type   string `xml:"t,attr"`
			Style  string `xml:"s,attr"`
			Value  string `xml:"v"`
			Inline string `xml:"is>t"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

func read(t *testing.T, b []byte) (map[string]string, sheet) {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		// Every part must be well-formed XML.
		d := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
		}
		parts[f.Name] = string(body)
	}
	var s sheet
	if err := xml.Unmarshal([]byte(parts["xl/worksheets/sheet1.xml"]), &s); err != nil {
		t.Fatal(err)
	}
	return parts, s
}

func TestAWorkbookHoldsTheHeaderInBoldAndTypedCells(t *testing.T) {
	var b bytes.Buffer
	head := []string{"agent", "score", "note"}
	rows := [][]Cell{
		{Text("张三"), Number(92.5), Text(`<a & "b">`)},
		{Text(" 李四 "), Number(-3), {}},
	}
	if err := Write(&b, "2026-11", head, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("PK\x03\x04")) {
		t.Fatal("not a zip")
	}
	parts, s := read(t, b.Bytes())
	for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"} {
		if parts[p] == "" {
			t.Errorf("no part %s", p)
		}
	}
	if !strings.Contains(parts["xl/workbook.xml"], `name="2026-11"`) || !strings.Contains(parts["xl/styles.xml"], "<b/>") {
		t.Error("sheet name or bold font missing")
	}
	if len(s.Rows) != 3 {
		t.Fatalf("%d rows", len(s.Rows))
	}
	got := map[string]string{}
	for _, r := range s.Rows {
		for _, c := range r.Cells {
			v := c.Value
			if c.Type == "inlineStr" {
				v = "text:" + c.Inline
			}
			got[c.Ref] = v
			if (r.R == 1) != (c.Style == "1") {
				t.Errorf("%s style %q", c.Ref, c.Style)
			}
		}
	}
	want := map[string]string{"A1": "text:agent", "B1": "text:score", "C1": "text:note",
		"A2": "text:张三", "B2": "92.5", "C2": `text:<a & "b">`, "A3": "text: 李四 ", "B3": "-3"}
	for ref, w := range want {
		if got[ref] != w {
			t.Errorf("%s = %q, want %q", ref, got[ref], w)
		}
	}
	if _, ok := got["C3"]; ok || len(got) != len(want) {
		t.Errorf("cells %v", got)
	}
}

func TestColumnsGoPastZ(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := Column(i); got != want {
			t.Errorf("Column(%d) = %s, want %s", i, got, want)
		}
	}
}

func TestBadSheetNamesAndNumbersAreRefused(t *testing.T) {
	for _, name := range []string{"", "a/b", "[x]", strings.Repeat("月", 32)} {
		if err := Write(io.Discard, name, nil, nil); err == nil {
			t.Errorf("sheet %q accepted", name)
		}
	}
	if err := Write(io.Discard, "s", nil, [][]Cell{{Number(math.NaN())}}); err == nil {
		t.Error("NaN accepted")
	}
}
