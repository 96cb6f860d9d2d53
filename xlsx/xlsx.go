// Package xlsx writes a minimal Excel workbook (Office Open XML
// SpreadsheetML): one worksheet of text and numbers under a bold header
// row, which Excel, WPS and LibreOffice open as a native spreadsheet.
// It is what an export needs and no more: no formulas, dates or formats.
package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Cell is one cell: text, a number, or empty (the zero Cell).
type Cell struct {
	text   string
	number float64
	kind   byte // 0 empty, 's' text, 'n' number
}

// Text is a text cell.
func Text(s string) Cell { return Cell{text: s, kind: 's'} }

// Number is a numeric cell.
func Number(f float64) Cell { return Cell{number: f, kind: 'n'} }

// maxSheetName is Excel's limit on a worksheet's name.
const maxSheetName = 31

// Write writes a workbook whose one worksheet, named sheet, holds head in
// bold on the first row and rows below it.
func Write(w io.Writer, sheet string, head []string, rows [][]Cell) error {
	if sheet == "" || len([]rune(sheet)) > maxSheetName || strings.ContainsAny(sheet, `[]:*?/\`) {
		return fmt.Errorf("xlsx: bad sheet name %q", sheet)
	}
	z := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"xl/workbook.xml", fmt.Sprintf(workbook, escape(sheet))},
		{"xl/_rels/workbook.xml.rels", workbookRels},
		{"xl/styles.xml", styles},
	}
	for _, p := range parts {
		f, err := z.Create(p.name)
		if err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
		if _, err := io.WriteString(f, xml.Header+p.body); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	f, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	if err := writeSheet(f, head, rows); err != nil {
		return err
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// writeSheet writes the worksheet part; text is inline (no shared-strings
// table to keep in step), the header row in style 1 (bold).
func writeSheet(w io.Writer, head []string, rows [][]Cell) error {
	var b bytes.Buffer
	b.WriteString(xml.Header + `<worksheet xmlns="` + mainNS + `"><sheetData>`)
	hc := make([]Cell, len(head))
	for i, h := range head {
		hc[i] = Text(h)
	}
	for r, row := range append([][]Cell{hc}, rows...) {
		fmt.Fprintf(&b, `<row r="%d">`, r+1)
		style := ""
		if r == 0 {
			style = ` s="1"`
		}
		for c, cell := range row {
			ref := Column(c) + strconv.Itoa(r+1)
			switch cell.kind {
			case 's':
				fmt.Fprintf(&b, `<c r="%s" t="inlineStr"%s><is><t xml:space="preserve">%s</t></is></c>`, ref, style, escape(cell.text))
			case 'n':
				if math.IsNaN(cell.number) || math.IsInf(cell.number, 0) {
					return errors.New("xlsx: a number cell is not finite")
				}
				fmt.Fprintf(&b, `<c r="%s"%s><v>%s</v></c>`, ref, style, strconv.FormatFloat(cell.number, 'g', -1, 64))
			}
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// Column is the letters of a 0-based column index: A … Z, AA, AB …
func Column(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// escape makes s XML text; characters XML cannot hold become U+FFFD.
func escape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

const (
	mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	relNS  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

	contentTypes = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`</Types>`
	rootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + relNS + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbook = `<workbook xmlns="` + mainNS + `" xmlns:r="` + relNS + `">` +
		`<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>`
	workbookRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + relNS + `/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="` + relNS + `/styles" Target="styles.xml"/></Relationships>`
	// styles: font 0 regular, font 1 bold; cell format 1 uses the bold font.
	styles = `<styleSheet xmlns="` + mainNS + `">` +
		`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
		`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`</styleSheet>`
)
