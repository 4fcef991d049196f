package scoring

import (
	"github.com/mailpick/mailpick/catalog"
	"github.com/mailpick/mailpick/msg"
)

// render is the edge of an evaluation: everything before it decides in
// coded messages (msg.Message) and knows no language; render words them
// once, in the evaluation's language, for the JSON's sentence fields, so
// every format shows the same words. The coded messages stay beside them.
func (ev *Evaluation) render() {
	lang := ev.Lang
	for i := range ev.Results {
		res := &ev.Results[i]
		renderViolations(lang, res.Violations)
		for id, m := range res.Why {
			res.Explanation[id] = msg.Render(lang, m)
		}
	}
	ev.Recommendation.Reasons = msg.RenderAll(lang, ev.Recommendation.ReasonCodes)
	rd := &ev.SelfHostReadiness
	rd.Reasons = msg.RenderAll(lang, rd.ReasonCodes)
	for i := range rd.Conditions {
		c := &rd.Conditions[i]
		c.Case = msg.T(lang, "case."+c.Key)
		if !c.Message.IsZero() {
			c.Detail = msg.Render(lang, c.Message)
		}
	}
	for i := range rd.Plans {
		renderPlan(lang, &rd.Plans[i])
	}
	if s := ev.Sensitivity; s != nil {
		for i := range s.Inputs {
			s.Inputs[i].Detail = msg.Render(lang, s.Inputs[i].Message)
		}
		if s.Tipping != nil {
			s.Tipping.Detail = msg.Render(lang, s.Tipping.Message)
		}
	}
}

func renderViolations(lang string, vs []Violation) {
	for i := range vs {
		vs[i].Detail = msg.Render(lang, vs[i].Message)
	}
}

// renderPlan names a self-hosting plan's steps and tasks, and the generic
// plan itself, in lang.
func renderPlan(lang string, p *SelfHostPlan) {
	if p.Generic && p.Name == "" {
		p.Name = msg.T(lang, "option.self-built")
	}
	for i := range p.Checklist {
		for _, s := range catalog.BuildSteps {
			if s.Key == p.Checklist[i].Step {
				p.Checklist[i].Label = msg.Entry{EN: s.EN, JA: s.JA}.In(lang)
			}
		}
	}
	for i := range p.Tasks {
		for _, t := range catalog.OperatingTasks {
			if t.Key == p.Tasks[i].Task {
				p.Tasks[i].Label = msg.Entry{EN: t.EN, JA: t.JA}.In(lang)
			}
		}
	}
}
