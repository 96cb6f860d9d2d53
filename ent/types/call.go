package types

// Call is how a phone ticket came in through the switch/IVR.
type Call struct {
	CallerNumber string   `json:"caller_number"`
	IVRPath      []string `json:"ivr_path,omitempty"`
	CallID       string   `json:"call_id,omitempty"`
}
