package scoring

import (
	"github.com/mailpick/mailpick/msg"
	"math"
	"math/bits"
	"math/rand/v2"
)

// Sensitivity defaults. 10,000 samples put the standard error of a win
// probability under 0.005; κ = 50 gives a weight of 0.20 a standard deviation
// of 0.056 (±28 %), about how far two managers' weights differ in practice.
const (
	DefaultSamples          = 10000
	DefaultSeed             = 1
	DefaultConcentration    = 50.0
	DefaultPriceUncertainty = 0.20
)

// Sensitivity reports how robust the ranking is to the weights and to
// uncertain inputs. Every figure comes from a seeded generator, so the same
// inputs and seed give the same numbers on every machine.
type Sensitivity struct {
	Samples int    `json:"samples"`
	Seed    uint64 `json:"seed"`
	// Distribution of the sampled weights: "dirichlet", centred on the
	// evaluation's normalised weights w with α = concentration × w.
	Distribution     string  `json:"distribution"`
	Concentration    float64 `json:"concentration"`
	PriceUncertainty float64 `json:"price_uncertainty"` // u: prices vary in [1−u, 1+u]

	Winner            string  `json:"winner,omitempty"`
	WinnerProbability float64 `json:"winner_probability"`
	// TiedFirst is the number of weight samples in which first place was a
	// tie. A tie is no win for the option the tie-break lists first: each
	// of k options tied for first is credited 1/k of the sample, in win
	// probabilities and in rank acceptabilities (the shared ranks of SMAA,
	// Lahdelma and Salminen 2001).
	TiedFirst  int                 `json:"tied_first"`
	Options    []OptionSensitivity `json:"options"`
	OneAtATime []WeightThreshold   `json:"one_at_a_time"`
	// OneAtATimeExact is true when the thresholds are solved in closed form
	// (a linear method: the weighted sum); for any other method (TOPSIS)
	// they are found by scanning and bisection.
	OneAtATimeExact bool `json:"one_at_a_time_exact"`
	// Tipping is the one-at-a-time threshold nearest to the weights given:
	// the smallest single weight change that flips the winner (nil: none).
	Tipping         *Tipping        `json:"tipping,omitempty"`
	Inputs          []InputScenario `json:"inputs"`
	MethodAgreement MethodAgreement `json:"method_agreement"`
}

// OptionSensitivity is one option under the weight samples. RankAcceptability[k]
// is the share of samples in which it ranked k+1 among eligible options;
// options tied on the total share the ranks they span equally, and
// RankMin–RankMax spans every rank a tie could give it.
type OptionSensitivity struct {
	ID                string    `json:"id"`
	WinProbability    float64   `json:"win_probability"`
	RankMin           int       `json:"rank_min"`
	RankMax           int       `json:"rank_max"`
	RankAcceptability []float64 `json:"rank_acceptability"`
}

// WeightThreshold says how far one criterion's weight can move, the others
// rescaled in proportion (which is the same as changing only this value in
// [weights]), before the winner changes. Up or Down is nil when the winner
// holds all the way to 1 or 0.
type WeightThreshold struct {
	Criterion string       `json:"criterion"`
	Weight    float64      `json:"weight"`
	RawWeight float64      `json:"raw_weight"`
	Up        *WeightShift `json:"up,omitempty"`
	Down      *WeightShift `json:"down,omitempty"`
}

// WeightShift is the point where the winner changes.
type WeightShift struct {
	Weight    float64 `json:"weight"`               // normalised weight of the criterion there
	RawWeight float64 `json:"raw_weight,omitempty"` // the [weights] value giving it, others unchanged; 0 when only weight 1 does
	NewWinner string  `json:"new_winner"`
}

// InputScenario is the winner's robustness when uncertain inputs are sampled
// instead of the weights.
type InputScenario struct {
	Name              string             `json:"name"`   // "prices", "unknowns", "all"
	Detail            string             `json:"detail"` // rendered from the message (code, args)
	WinnerProbability float64            `json:"winner_probability"`
	WinProbability    map[string]float64 `json:"win_probability"`
	msg.Message
}

// MethodAgreement names the winner under each method.
type MethodAgreement struct {
	WSM    string `json:"wsm"`
	TOPSIS string `json:"topsis"`
	Agree  bool   `json:"agree"`
}

// dirichlet draws weights from Dir(κ·w): mean exactly w, variance
// w(1−w)/(κ+1), always on the simplex, and a criterion weighted 0 stays 0.
func dirichlet(r *rand.Rand, kappa float64, w, out []float64) {
	sum := 0.0
	for k, v := range w {
		g := 0.0
		if v > 0 {
			g = gammaVariate(r, kappa*v)
		}
		out[k] = g
		sum += g
	}
	if sum <= 0 { // all draws underflowed: keep the given weights
		copy(out, w)
		return
	}
	for k := range out {
		out[k] /= sum
	}
}

// gammaVariate draws Gamma(a, 1) by Marsaglia and Tsang (2000), with the
// U^(1/a) boost for a < 1.
func gammaVariate(r *rand.Rand, a float64) float64 {
	if a < 1 {
		return gammaVariate(r, a+1) * math.Pow(r.Float64(), 1/a)
	}
	d := a - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// heads counts how many of n fair coin flips come up heads: the popcount
// of n random bits, 64 at a time.
func heads(r *rand.Rand, n int) int {
	c := 0
	for ; n >= 64; n -= 64 {
		c += bits.OnesCount64(r.Uint64())
	}
	if n > 0 {
		c += bits.OnesCount64(r.Uint64() & (1<<uint(n) - 1))
	}
	return c
}

// SensitivityOptions control the analysis; zero values take the defaults.
type SensitivityOptions struct {
	Samples          int
	Seed             uint64
	Concentration    float64
	PriceUncertainty float64
}

func (o SensitivityOptions) withDefaults() SensitivityOptions {
	if o.Samples <= 0 {
		o.Samples = DefaultSamples
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Concentration <= 0 {
		o.Concentration = DefaultConcentration
	}
	if o.PriceUncertainty <= 0 {
		o.PriceUncertainty = DefaultPriceUncertainty
	}
	return o
}

func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// analyze runs the sensitivity analysis on the engine of an evaluation's
// ranked results and fills in each result's win probability.
func (ev *Evaluation) analyze(m *model, o SensitivityOptions) {
	o = o.withDefaults()
	s := m.analyze(o)
	for i := range s.Inputs {
		s.Inputs[i].Message = scenarioDetail(s.Inputs[i].Name, o)
	}
	if rec := ev.Recommendation; len(rec.Tie) > 1 {
		s.Tipping = tieTip(ev, rec)
	} else if s.Tipping = nearestTip(s.OneAtATime); s.Tipping != nil {
		s.Tipping.Message = ev.tipMessage(m, s.Tipping, s.OneAtATimeExact)
	}
	for i := range ev.Results {
		ev.Results[i].WinProbability = s.Options[i].WinProbability
	}
	ev.Sensitivity = s
}

func (m *model) analyze(o SensitivityOptions) *Sensitivity {
	s := &Sensitivity{Samples: o.Samples, Seed: o.Seed, Distribution: "dirichlet", Concentration: o.Concentration,
		PriceUncertainty: o.PriceUncertainty,
		Options:          make([]OptionSensitivity, m.n), Inputs: []InputScenario{}}
	base := make([]float64, m.n)
	m.totals(m.x, m.w, base)
	win := m.winner(base)
	if win >= 0 {
		s.Winner = m.ids[win]
	}
	s.MethodAgreement = m.agreement()

	// Weights.
	eligible := 0
	for _, e := range m.elig {
		if e {
			eligible++
		}
	}
	r := newRand(o.Seed)
	wins := make([]float64, m.n)
	acc := make([]float64, m.n*max(eligible, 1))
	lo := make([]int, m.n)
	hi := make([]int, m.n)
	wbuf := make([]float64, m.nc)
	sc := make([]float64, m.n)
	// order holds the eligible options ranked by the previous sample. A new
	// sample moves few of them, so re-sorting it by insertion is close to
	// linear, where counting who beats whom would be quadratic per sample.
	order := make([]int, 0, eligible)
	for i := 0; i < m.n; i++ {
		if m.elig[i] {
			order = append(order, i)
		}
	}
	ahead := func(a, b int) bool { return sc[a] > sc[b] || (sc[a] == sc[b] && a < b) }
	for n := 0; n < o.Samples; n++ {
		dirichlet(r, o.Concentration, m.w, wbuf)
		m.totals(m.x, wbuf, sc)
		if m.shareWins(sc, wins) > 1 {
			s.TiedFirst++
		}
		for k := 1; k < len(order); k++ {
			for j := k; j > 0 && ahead(order[j], order[j-1]); j-- {
				order[j], order[j-1] = order[j-1], order[j]
			}
		}
		shareRanks(order, sc, eligible, acc, lo, hi)
	}
	for i := 0; i < m.n; i++ {
		opt := OptionSensitivity{ID: m.ids[i], WinProbability: wins[i] / float64(o.Samples),
			RankMin: lo[i], RankMax: hi[i], RankAcceptability: []float64{}}
		if m.elig[i] {
			opt.RankAcceptability = make([]float64, eligible)
			for k := range opt.RankAcceptability {
				opt.RankAcceptability[k] = acc[i*eligible+k] / float64(o.Samples)
			}
		}
		s.Options[i] = opt
	}
	if win >= 0 {
		s.WinnerProbability = s.Options[win].WinProbability
	}
	s.OneAtATime, s.OneAtATimeExact = m.oneAtATime(win)
	if win >= 0 {
		for _, name := range []string{"prices", "unknowns", "all"} {
			s.Inputs = append(s.Inputs, m.inputScenario(name, win, o))
		}
	}
	return s
}

// shareRanks credits one sample's ranks: order is the eligible options
// ranked on totals sc, acc[i*eligible+r] accumulates option i's share of
// rank r+1, and lo, hi the best and worst rank seen. Options tied on the
// total share the ranks their group spans equally, and each may take any
// of them.
func shareRanks(order []int, sc []float64, eligible int, acc []float64, lo, hi []int) {
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && sc[order[end]] == sc[order[start]] {
			end++
		}
		share := 1 / float64(end-start)
		for _, i := range order[start:end] {
			for rank := start + 1; rank <= end; rank++ {
				acc[i*eligible+rank-1] += share
			}
			if lo[i] == 0 || start+1 < lo[i] {
				lo[i] = start + 1
			}
			if end > hi[i] {
				hi[i] = end
			}
		}
		start = end
	}
}

// shareWins credits one sample's first place: 1/k to each of the k
// eligible options whose total s is highest. The tie-break that orders the
// ranking (a known price, the lower TCO, the id) is a rule for listing, not
// a merit, so it wins no sample. It returns k (0 when none is eligible).
func (m *model) shareWins(s, wins []float64) int {
	best, k := math.Inf(-1), 0
	for i := 0; i < m.n; i++ {
		switch {
		case !m.elig[i]:
		case s[i] > best:
			best, k = s[i], 1
		case s[i] == best:
			k++
		}
	}
	if k == 0 {
		return 0
	}
	for i := 0; i < m.n; i++ {
		if m.elig[i] && s[i] == best {
			wins[i] += 1 / float64(k)
		}
	}
	return k
}

// inputScenario samples uncertain inputs. prices: each option's TCO times
// an independent factor uniform in [1−u, 1+u], cost scores recomputed
// against the new cheapest. unknowns: every "unknown" item independently
// met (credit 1) or not (0) with probability ½. all: both, and the weights.
// Eligibility is kept as evaluated: an unverified must stays listed as such.
func (m *model) inputScenario(name string, win int, o SensitivityOptions) InputScenario {
	sc := InputScenario{Name: name, WinProbability: map[string]float64{}}
	// A different stream per scenario, still fixed by the random seed.
	r := newRand(o.Seed + uint64(len(name))*0x51ed27)
	x := make([]float64, len(m.x))
	tco := make([]float64, m.n)
	w := make([]float64, m.nc)
	copy(w, m.w)
	out := make([]float64, m.n)
	wins := make([]float64, m.n)
	prices := name == "prices" || name == "all"
	unknowns := name == "unknowns" || name == "all"
	for n := 0; n < o.Samples; n++ {
		copy(x, m.x)
		if name == "all" {
			dirichlet(r, o.Concentration, m.w, w)
		}
		if prices {
			for i := range tco {
				tco[i] = m.tco[i] * (1 + o.PriceUncertainty*(2*r.Float64()-1))
			}
			m.costColumn(tco, x)
		}
		if unknowns {
			for _, i := range m.active {
				p := &m.cov[i]
				got := p.got + 2*float64(heads(r, p.unkMust)) + float64(heads(r, p.unkWant))
				x[i] = 100 * got / p.max
			}
		}
		m.totals(x, w, out)
		m.shareWins(out, wins)
	}
	for i, c := range wins {
		if c > 0 {
			sc.WinProbability[m.ids[i]] = c / float64(o.Samples)
		}
	}
	sc.WinnerProbability = wins[win] / float64(o.Samples)
	return sc
}

// agreement names the winner under the weighted sum and under TOPSIS,
// whichever method ranked.
func (m *model) agreement() MethodAgreement {
	win := func(method Method) string {
		mm := *m
		mm.method = method
		sc := make([]float64, m.n)
		mm.totals(m.x, m.w, sc)
		if w := mm.winner(sc); w >= 0 {
			return m.ids[w]
		}
		return ""
	}
	a := MethodAgreement{WSM: win(WSM), TOPSIS: win(TOPSIS)}
	a.Agree = a.WSM == a.TOPSIS
	return a
}

// shifted returns the weights with criterion k set to t and the others
// rescaled in proportion so they still sum to 1. When k held all the weight
// the others share 1−t equally: there is no proportion to keep.
func (m *model) shifted(k int, t float64, out []float64) {
	rest := 1 - m.w[k]
	for j := range out {
		switch {
		case j == k:
			out[j] = t
		case rest > 1e-12:
			out[j] = m.w[j] * (1 - t) / rest
		default:
			out[j] = (1 - t) / float64(m.nc-1)
		}
	}
}

// lines writes each option's weighted-sum score as a function of criterion
// k's weight t: score(t) = t·a[i] + (1−t)·b[i], exact for every t in [0,1].
func (m *model) lines(k int) (a, b []float64) {
	a, b = make([]float64, m.n), make([]float64, m.n)
	w1 := make([]float64, m.nc)
	m.shifted(k, 0, w1)
	for i := 0; i < m.n; i++ {
		a[i] = m.x[i*m.nc+k]
		for j := 0; j < m.nc; j++ {
			b[i] += w1[j] * m.x[i*m.nc+j]
		}
	}
	return a, b
}

// rawFor converts a normalised weight of criterion k to the [weights] value
// that gives it with the other values unchanged: t·S/(1−t), S their sum.
func (m *model) rawFor(k int, t float64) float64 {
	if t >= 1 {
		return 0
	}
	s := 0.0
	for j, v := range m.raw {
		if j != k {
			s += v
		}
	}
	if s == 0 {
		return 0
	}
	return t * s / (1 - t)
}

// oneAtATime finds, per criterion, the weights at which the winner changes,
// and says whether they are exact. Under a linear method (the weighted sum)
// every score is linear in the moved weight, so each threshold is where the
// winner's line first crosses another's; under any other method it is found
// by scanning in steps of 0.001 and bisecting.
func (m *model) oneAtATime(win int) ([]WeightThreshold, bool) {
	out := []WeightThreshold{}
	exact := m.method.Linear()
	if win < 0 {
		return out, exact
	}
	for k, c := range m.crit {
		wt := WeightThreshold{Criterion: string(c.ID), Weight: m.w[k], RawWeight: m.raw[k]}
		if exact {
			wt.Up, wt.Down = m.exactShift(k, win, +1), m.exactShift(k, win, -1)
		} else {
			wt.Up, wt.Down = m.scanShift(k, win, +1), m.scanShift(k, win, -1)
		}
		out = append(out, wt)
	}
	return out, exact
}

func (m *model) exactShift(k, win, dir int) *WeightShift {
	a, b := m.lines(k)
	t0 := m.w[k]
	best := math.NaN()
	for i := 0; i < m.n; i++ {
		if i == win || !m.elig[i] {
			continue
		}
		// d(t) = win − i = d0 + s·t, d(t0) ≥ 0.
		d0 := b[win] - b[i]
		s := (a[win] - a[i]) - d0
		if s == 0 || (dir > 0) != (s < 0) {
			continue // never catches up in this direction
		}
		// A crossing at 0 or 1 is only a tie at the end of the range: the
		// other option never gets ahead, so the winner does not change.
		t := -d0 / s
		if t <= 1e-12 || t >= 1-1e-12 || (dir > 0 && t < t0) || (dir < 0 && t > t0) {
			continue
		}
		if math.IsNaN(best) || (dir > 0 && t < best) || (dir < 0 && t > best) {
			best = t
		}
	}
	if math.IsNaN(best) {
		return nil
	}
	// Every option tied at the crossing scores equal there; the one that
	// wins just beyond it is the one highest at the far end.
	end := 1.0
	if dir < 0 {
		end = 0
	}
	nw := -1
	for i := 0; i < m.n; i++ {
		if i == win || !m.elig[i] {
			continue
		}
		at := best*a[i] + (1-best)*b[i]
		wat := best*a[win] + (1-best)*b[win]
		if math.Abs(at-wat) > 1e-9*math.Max(1, math.Abs(wat)) {
			continue
		}
		if nw < 0 || end*a[i]+(1-end)*b[i] > end*a[nw]+(1-end)*b[nw] {
			nw = i
		}
	}
	if nw < 0 {
		return nil
	}
	return &WeightShift{Weight: best, RawWeight: m.rawFor(k, best), NewWinner: m.ids[nw]}
}

// winnerAt is the winner with criterion k's weight at t.
func (m *model) winnerAt(k int, t float64, w, sc []float64) int {
	m.shifted(k, t, w)
	m.scores(m.x, w, sc)
	return m.winner(sc)
}

func (m *model) scanShift(k, win, dir int) *WeightShift {
	w := make([]float64, m.nc)
	sc := make([]float64, m.n)
	const step = 0.001
	prev := m.w[k]
	for {
		t := prev + float64(dir)*step
		if t > 1 {
			t = 1
		}
		if t < 0 {
			t = 0
		}
		if v := m.winnerAt(k, t, w, sc); v != win {
			lo, hi := prev, t // winner at lo, not at hi
			for range 60 {
				mid := (lo + hi) / 2
				if m.winnerAt(k, mid, w, sc) == win {
					lo = mid
				} else {
					hi = mid
				}
			}
			nw := m.winnerAt(k, hi, w, sc)
			if nw < 0 {
				return nil
			}
			return &WeightShift{Weight: hi, RawWeight: m.rawFor(k, hi), NewWinner: m.ids[nw]}
		}
		if t == 0 || t == 1 {
			return nil
		}
		prev = t
	}
}

// winInterval is the range of criterion k's weight over which option i
// scores at least as high as every other eligible option under the weighted
// sum; ok is false when there is none.
func (m *model) winInterval(k, i int) (lo, hi float64, ok bool) {
	a, b := m.lines(k)
	lo, hi = 0, 1
	for j := 0; j < m.n; j++ {
		if j == i || !m.elig[j] {
			continue
		}
		d0 := b[i] - b[j]
		s := (a[i] - a[j]) - d0
		switch {
		case s > 0:
			lo = math.Max(lo, -d0/s)
		case s < 0:
			hi = math.Min(hi, -d0/s)
		case d0 < 0:
			return 0, 0, false
		}
	}
	return lo, hi, lo <= hi
}

// scenarioDetail says what a scenario samples.
func scenarioDetail(name string, o SensitivityOptions) msg.Message {
	switch name {
	case "prices":
		return msg.New("scenario_detail.prices", "lo", 1-o.PriceUncertainty, "hi", 1+o.PriceUncertainty)
	case "unknowns":
		return msg.New("scenario_detail.unknowns")
	}
	return msg.New("scenario_detail.all", "kappa", o.Concentration, "spread", 100*o.PriceUncertainty)
}
