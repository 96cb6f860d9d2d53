package scoresheet

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"sort"
	"strconv"

	"kefu/ent/user"
	"kefu/paging"
	"kefu/xlsx"
)

// Export formats.
const (
	CSV  = "csv"
	XLSX = "xlsx"
)

// Export writes the month's sheets the viewer may see as CSV (UTF-8 with a
// byte-order mark) or an Excel workbook, one row per agent: status, each
// weighed metric's score, the QA average, base, items, total, adjustments
// and the final score. Scores are rounded to cents in both.
func (s *Service) Export(ctx context.Context, viewerID, month, unitID, format string) ([]byte, error) {
	head, rows, err := s.table(ctx, viewerID, month, unitID)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	switch format {
	case XLSX:
		err = writeXLSX(&buf, month, head, rows)
	case CSV, "":
		err = writeCSV(&buf, head, rows)
	default:
		err = fmt.Errorf("export format %q: want csv or xlsx", format)
	}
	if err != nil {
		return nil, fmt.Errorf("export sheets: %w", err)
	}
	return buf.Bytes(), nil
}

// table is the export's header and rows; a value is a string, a score
// (float64), a count (int) or nil for nothing.
func (s *Service) table(ctx context.Context, viewerID, month, unitID string) ([]string, [][]any, error) {
	rows, _, err := s.List(ctx, viewerID, Filter{Month: month, UnitID: unitID}, paging.Page{Limit: 100000})
	if err != nil {
		return nil, nil, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.AgentID
	}
	us, err := s.db.User.Query().Where(user.IDIn(ids...)).Select(user.FieldID, user.FieldName, user.FieldEmail).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("export sheets: %w", err)
	}
	names := map[string][2]string{}
	for _, u := range us {
		names[u.ID] = [2]string{u.Name, u.Email}
	}
	sort.Slice(rows, func(i, j int) bool { return names[rows[i].AgentID][0] < names[rows[j].AgentID][0] })
	metrics := Weighable()
	head := []string{"month", "agent_id", "agent_name", "agent_email", "status"}
	for _, m := range metrics {
		head = append(head, "score_"+m)
	}
	head = append(head, "qa_average", "qa_count", "base_score", "items_total", "total", "adjustments", "final", "submitted_by", "approved_by", "locked_at")
	out := make([][]any, 0, len(rows))
	for _, r := range rows {
		line := []any{r.Month, r.AgentID, names[r.AgentID][0], names[r.AgentID][1], string(r.Status)}
		for _, m := range metrics {
			if v, ok := r.Scores[m]; ok {
				line = append(line, v)
			} else {
				line = append(line, nil)
			}
		}
		var qa, locked any
		if r.QaAverage != nil {
			qa = *r.QaAverage
		}
		if r.LockedAt != nil {
			locked = r.LockedAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		line = append(line, qa, r.QaCount, r.BaseScore, r.ItemsTotal, r.Total, r.Adjustments(), r.Final(), r.SubmittedBy, r.ApprovedBy, locked)
		out = append(out, line)
	}
	return head, out, nil
}

// writeCSV writes the table, scores with two decimals.
func writeCSV(buf *bytes.Buffer, head []string, rows [][]any) error {
	// A BOM, so spreadsheet programs read the Chinese names as UTF-8.
	buf.WriteString("\ufeff")
	w := csv.NewWriter(buf)
	_ = w.Write(head)
	for _, r := range rows {
		line := make([]string, len(r))
		for i, v := range r {
			switch v := v.(type) {
			case string:
				line[i] = v
			case float64:
				line[i] = strconv.FormatFloat(v, 'f', 2, 64)
			case int:
				line[i] = strconv.Itoa(v)
			}
		}
		_ = w.Write(line)
	}
	w.Flush()
	return w.Error()
}

// writeXLSX writes the table as a workbook, scores rounded to cents as
// numbers (so they add up in a spreadsheet), on a sheet named for month.
func writeXLSX(buf *bytes.Buffer, month string, head []string, rows [][]any) error {
	cells := make([][]xlsx.Cell, len(rows))
	for i, r := range rows {
		cells[i] = make([]xlsx.Cell, len(r))
		for j, v := range r {
			switch v := v.(type) {
			case string:
				cells[i][j] = xlsx.Text(v)
			case float64:
				cells[i][j] = xlsx.Number(math.Round(v*100) / 100)
			case int:
				cells[i][j] = xlsx.Number(float64(v))
			}
		}
	}
	return xlsx.Write(buf, month, head, cells)
}
