package scoring

import "github.com/mailpick/mailpick/catalog"

// newModel builds the engine over the default criteria with the default
// method named method, as the tests written against the engine's arrays
// expect.
func newModel(results []Result, w, raw map[catalog.Criterion]float64, method string) *model {
	m, err := findMethod(defaultMethods, method)
	if err != nil {
		panic(err)
	}
	return newEngine(defaultCriteria, m, results, w, raw)
}
