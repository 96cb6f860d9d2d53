package scoresheet

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"

	"kefu/ent/user"
	"kefu/paging"
)

// Export writes the month's sheets the viewer may see as CSV, one row per
// agent: status, each weighed metric's score, the QA average, base, items,
// total, adjustments and the final score.
func (s *Service) Export(ctx context.Context, viewerID, month, unitID string) ([]byte, error) {
	rows, _, err := s.List(ctx, viewerID, Filter{Month: month, UnitID: unitID}, paging.Page{Limit: 100000})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.AgentID
	}
	us, err := s.db.User.Query().Where(user.IDIn(ids...)).Select(user.FieldID, user.FieldName, user.FieldEmail).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("export sheets: %w", err)
	}
	names := map[string][2]string{}
	for _, u := range us {
		names[u.ID] = [2]string{u.Name, u.Email}
	}
	sort.Slice(rows, func(i, j int) bool { return names[rows[i].AgentID][0] < names[rows[j].AgentID][0] })
	metrics := Weighable()
	var buf bytes.Buffer
	// A BOM, so spreadsheet programs read the Chinese names as UTF-8.
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	head := []string{"month", "agent_id", "agent_name", "agent_email", "status"}
	for _, m := range metrics {
		head = append(head, "score_"+m)
	}
	head = append(head, "qa_average", "qa_count", "base_score", "items_total", "total", "adjustments", "final", "submitted_by", "approved_by", "locked_at")
	_ = w.Write(head)
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
	for _, r := range rows {
		line := []string{r.Month, r.AgentID, names[r.AgentID][0], names[r.AgentID][1], string(r.Status)}
		for _, m := range metrics {
			if v, ok := r.Scores[m]; ok {
				line = append(line, num(v))
			} else {
				line = append(line, "")
			}
		}
		qa := ""
		if r.QaAverage != nil {
			qa = num(*r.QaAverage)
		}
		locked := ""
		if r.LockedAt != nil {
			locked = r.LockedAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		line = append(line, qa, strconv.Itoa(r.QaCount), num(r.BaseScore), num(r.ItemsTotal), num(r.Total),
			num(r.Adjustments()), num(r.Final()), r.SubmittedBy, r.ApprovedBy, locked)
		_ = w.Write(line)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}
