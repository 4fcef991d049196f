package scoring

// Sensitivity reports how robust the ranking is to the weights and to
// uncertain inputs.
type Sensitivity struct {
	Samples int   `json:"samples"`
	Seed    int64 `json:"seed"`
}
