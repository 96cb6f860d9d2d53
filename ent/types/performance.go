package types

// Criterion is one line of a quality scorecard (质检评分表): Weight is the
// most points a conversation can earn on it; a Critical item is pass/fail
// and failing it zeroes the whole score (e.g. a forbidden phrase, 服务禁语).
type Criterion struct {
	Key      string  `json:"key"`
	Label    string  `json:"label"`
	LabelEn  string  `json:"label_en,omitempty"`
	Weight   float64 `json:"weight"`
	Critical bool    `json:"critical,omitempty"`
}

// Mark is an inspector's mark on one criterion: Points out of its weight,
// and for a critical item whether it was failed.
type Mark struct {
	Key    string  `json:"key"`
	Points float64 `json:"points"`
	Failed bool    `json:"failed,omitempty"`
	Note   string  `json:"note,omitempty"`
}
