package msg

// The probe's words for sender-requirement profiles (--profile): why a
// requirement could not be judged from a result. The requirements' own
// texts come with each profile (data/profiles).
var _ = add(map[string]Entry{
	"probe.profile.absent_older": {EN: "{check}: not in this result (run by an older mailpick, or not run)", JA: "{check}: この結果にはありません（古い版のmailpickで実行したか、実行していません）"},
	"probe.profile.absent":       {EN: "{check}: not in this result", JA: "{check}: この結果にはありません"},
	"probe.profile.not_run":      {EN: "{check} was not run", JA: "{check}は実行していません"},
	"probe.profile.unjudged":     {EN: "{check} is {status}: {summary}", JA: "{check}は{status}: {summary}"},
	"probe.profile.no_detail":    {EN: "{check} has no {key} in its details (an older mailpick's result)", JA: "{check}の詳細に{key}がありません（古い版のmailpickの結果です）"},
	"probe.profile.detail_fix":   {EN: "{check}: {key} is {value}; {fix}", JA: "{check}: {key}は{value}です。{fix}"},
})
