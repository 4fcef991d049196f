#!/bin/sh
# Measures (1) how many round trips a domain's probe makes one after
# another, from its wall time at two injected latencies, with and without
# the connection checks, and the questions it asks; (2) the --no-connect
# throughput and peak memory on 10,000 domains against a local DNS server,
# side by side with dnsperf (Debian package dnsperf) replaying the same
# questions against the same server. Everything stays on 127.0.0.1. See
# bench/README.md.
#
#   bench/probe-latency.sh            # both
#   N=100000 CONC=16 REPS=1 bench/probe-latency.sh throughput
set -eu
cd "$(dirname "$0")/.."
N=${N:-10000}
CONC=${CONC:-16}
REPS=${REPS:-3}
TMP=$(mktemp -d)
trap 'kill $DNS_PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
DNS_PID=

latency() {
	echo "== latency: wall time per domain at injected latencies (go test -bench)"
	go test -run '^$' -bench 'BenchmarkDomainLatency|BenchmarkNoConnectLatency' -benchtime "${BENCHTIME:-5x}" -count "${COUNT:-3}" ./bench/latency | tee "$TMP/bench.txt"
	awk '
		# The minimum of the runs: other load on the machine only adds time.
		function metric(name,  i) { for (i = 1; i <= NF; i++) if ($(i+1) == name) return $i + 0 }
		function keep(k, v) { if (!(k in t) || v < t[k]) t[k] = v }
		/^Benchmark/ {
			split($1, parts, "/")
			run = parts[1]; sub(/^Benchmark/, "", run)
			zone = (NF > 0 && $1 ~ /zone=/) ? parts[2] : ""
			lat = $1; sub(/.*latency=/, "", lat); sub(/-[0-9]+$/, "", lat)
			k = run " " zone
			keep(k " " lat, metric("ms/domain"))
			q[k] = metric("dns-queries/domain")
			if ($0 ~ /distinct-questions/) { d[k] = metric("distinct-questions/domain"); r[k] = metric("repeated-questions/domain") }
			names[k] = 1
		}
		END {
			hand["DomainLatency "] = "6 (MX -> A(mx) -> SMTP greeting -> EHLO -> STARTTLS -> TLS handshake)"
			hand["NoConnectLatency zone=ptr=mx"] = "4 (MX -> A(mx) -> PTR -> A(PTR name)); the 4th is the 2nd question again"
			hand["NoConnectLatency zone=ptr=other"] = "4 (MX -> A(mx) -> PTR -> A(PTR name))"
			for (k in names) {
				t20 = t[k " 20ms"]; t60 = t[k " 60ms"]
				if (t20 == "" || t60 == "") { print k ": no figures"; continue }
				printf "%s: %.1f ms at 0 ms, %.1f ms at 20 ms, %.1f ms at 60 ms\n", k, t[k " 0s"], t20, t60
				printf "  sequential round trips (slope (t60-t20)/40ms): %.2f; longest chain by hand: %s\n", (t60 - t20) / 40, hand[k]
				printf "  DNS queries per domain: %d", q[k]
				if (k in d) printf " (%d distinct questions, %d repeated)", d[k], r[k]
				printf "\n"
			}
		}' "$TMP/bench.txt"
}

throughput() {
	echo "== throughput: mailpick probe --no-connect on $N domains, concurrency $CONC, $REPS rounds"
	go build -o "$TMP/mailpick" ./cmd/mailpick
	go build -o "$TMP/benchdns" ./bench/benchdns
	"$TMP/benchdns" -listen 127.0.0.1:0 -zone bench.test -record "$TMP/queries.txt" >"$TMP/dns.addr" 2>"$TMP/dns.err" &
	DNS_PID=$!
	while [ ! -s "$TMP/dns.addr" ]; do sleep 0.1; done
	ADDR=$(cat "$TMP/dns.addr")
	PORT=${ADDR##*:}
	awk -v n="$N" 'BEGIN { print "# generated"; for (i = 1; i <= n; i++) printf "d%d.bench.test\n", i }' >"$TMP/domains.txt"
	# server_cpu prints the server's CPU time so far, in clock ticks.
	server_cpu() { awk '{ print $14 + $15 }' "/proc/$DNS_PID/stat"; }
	TICK=$(getconf CLK_TCK)
	# received prints how many questions the server has had so far.
	received() {
		kill -USR2 "$DNS_PID"
		sleep 0.3
		awk '/^queries / { n = $2 } END { print n + 0 }' "$TMP/dns.err"
	}
	# mailpick_run R: one timed run; appends "R secs queries" to runs.txt.
	mailpick_run() {
		before=$(received)
		scpu0=$(server_cpu)
		/usr/bin/time -v "$TMP/mailpick" probe --domains-file "$TMP/domains.txt" --no-connect \
			--resolver "$ADDR" --format jsonl --concurrency "$CONC" >"$TMP/out.jsonl" 2>"$TMP/time.txt" || {
			cat "$TMP/time.txt"
			exit 1
		}
		scpu=$(( $(server_cpu) - scpu0 ))
		after=$(received)
		LINES=$(wc -l <"$TMP/out.jsonl")
		ERRS=$(grep -o '"status":"error"' "$TMP/out.jsonl" | wc -l)
		awk -v r="$1" -v n="$LINES" -v e="$ERRS" -v q="$((after - before))" -v runs="$TMP/runs.txt" \
			-v scpu="$scpu" -v tick="$TICK" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
			/Elapsed \(wall clock\)/ { split($NF, t, ":"); secs = (length(t) == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
			/Maximum resident set size/ { rss = $NF }
			/Percent of CPU/ { cpu = $NF }
			/User time/ { user = $NF }
			/System time/ { sys = $NF }
			END {
				printf "mailpick run %d: %d domains, %d error statuses, %.2f s, %.0f domains/s, %.1f questions/domain, %.0f queries/s, cpu %s (%.1f µs/query; server %.1f µs/query), peak RSS %.1f MiB, load %s\n", r, n, e, secs, n / secs, q / n, q / secs, cpu, (user + sys) * 1e6 / q, scpu / tick * 1e6 / q, rss / 1024, load
				print r, secs, q, user + sys + scpu / tick >> runs
			}' "$TMP/time.txt"
	}
	# dnsperf_run R: the questions of the first run, replayed by dnsperf
	# against the same server process (DO set, as mailpick sets it).
	dnsperf_run() {
		scpu0=$(server_cpu)
		/usr/bin/time -f "cpu %U %S" dnsperf -s 127.0.0.1 -p "$PORT" -d "$TMP/queries.txt" -n 1 -D >"$TMP/dnsperf.txt" 2>&1 || {
			cat "$TMP/dnsperf.txt"
			exit 1
		}
		scpu=$(( $(server_cpu) - scpu0 ))
		awk -v r="$1" -v runs="$TMP/perf.txt" -v scpu="$scpu" -v tick="$TICK" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
			/Queries per second:/ { qps = $NF }
			/Queries completed:/ { q = $3 }
			/Queries lost:/ { lost = $3 }
			/^cpu / { cpu = $2 + $3 }
			END {
				printf "dnsperf run %d: %.0f queries/s, %s lost (%.1f µs/query; server %.1f µs/query), load %s\n", r, qps, lost, cpu * 1e6 / q, scpu / tick * 1e6 / q, load
				print r, qps, q / (cpu + scpu / tick) >> runs
			}' "$TMP/dnsperf.txt"
	}
	if ! command -v dnsperf >/dev/null; then
		mailpick_run 1
		echo "dnsperf not installed (Debian: apt-get install dnsperf); no side-by-side figure"
		return
	fi
	# Rounds alternate, so that both tools meet the same load from other
	# processes: M1 D1 M2 D2 … Each mailpick run is compared with the mean
	# of the dnsperf runs next to it. The first run also records the
	# questions (which slows the server a little: the figure is
	# conservative).
	: >"$TMP/runs.txt"
	: >"$TMP/perf.txt"
	mailpick_run 1
	kill -USR1 "$DNS_PID"
	sleep 1
	dnsperf_run 1
	r=2
	while [ "$r" -le "$REPS" ]; do
		mailpick_run "$r"
		dnsperf_run "$r"
		r=$((r + 1))
	done
	# Two ratios: queries per second of wall time (what a run gets on
	# this machine now, other load included), and queries per CPU second
	# of client and server together (what it gets when the two share an
	# otherwise idle machine; independent of other load).
	awk 'function median(a, n,  i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
			return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		NR == FNR { d[$1] = $2; dc[$1] = $3; next }
		{
			m = $3 / $2; mc = $3 / $4
			if ($1 > 1 && ($1 - 1) in d) { ref = (d[$1 - 1] + d[$1]) / 2; refc = (dc[$1 - 1] + dc[$1]) / 2 } else { ref = d[$1]; refc = dc[$1] }
			n++; wall[n] = m / ref; cpu[n] = mc / refc
			printf "round %d: mailpick %.0f queries/s, dnsperf %.0f queries/s: ratio %.2f; per CPU second (client + server) %.0f vs %.0f: ratio %.2f\n", $1, m, ref, m / ref, mc, refc, mc / refc
		}
		END {
			printf "ratio mailpick/dnsperf, wall clock: median %.2f over %d rounds\n", median(wall, n), n
			printf "ratio mailpick/dnsperf, per CPU second: median %.2f over %d rounds\n", median(cpu, n), n
		}' "$TMP/perf.txt" "$TMP/runs.txt"
}

case "${1:-all}" in
latency) latency ;;
throughput) throughput ;;
all) latency; throughput ;;
*) echo "usage: $0 [latency|throughput|all]" >&2; exit 2 ;;
esac
