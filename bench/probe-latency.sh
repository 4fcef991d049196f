#!/bin/sh
# Measures (1) how many round trips a domain's probe makes one after
# another, from its wall time at two injected latencies, and (2) the
# --no-connect throughput and peak memory on 10,000 domains against a
# local DNS server. Everything stays on 127.0.0.1. See bench/README.md.
#
#   bench/probe-latency.sh            # both
#   N=100000 CONC=64 bench/probe-latency.sh throughput
set -eu
cd "$(dirname "$0")/.."
N=${N:-10000}
CONC=${CONC:-64}
TMP=$(mktemp -d)
trap 'kill $DNS_PID 2>/dev/null || true; rm -rf "$TMP"' EXIT
DNS_PID=

latency() {
	echo "== latency: wall time per domain at injected latencies (go test -bench)"
	go test -run '^$' -bench BenchmarkDomainLatency -benchtime "${BENCHTIME:-5x}" -count "${COUNT:-3}" ./bench/latency | tee "$TMP/bench.txt"
	awk '
		# The minimum of the runs: other load on the machine only adds time.
		function ms(  i) { for (i = 1; i <= NF; i++) if ($(i+1) == "ms/domain") return $i + 0 }
		/latency=0s/   { v = ms(); if (t0 == "" || v < t0) t0 = v }
		/latency=20ms/ { v = ms(); if (t20 == "" || v < t20) t20 = v }
		/latency=60ms/ { v = ms(); if (t60 == "" || v < t60) t60 = v }
		/dns-queries\/domain/ { for (i = 1; i <= NF; i++) if ($(i+1) == "dns-queries/domain") q = $i }
		END {
			if (t20 == "" || t60 == "") { print "no figures"; exit 1 }
			printf "wall time (best of runs): %.1f ms at 0 ms, %.1f ms at 20 ms, %.1f ms at 60 ms\n", t0, t20, t60
			printf "sequential round trips (slope (t60-t20)/40ms): %.2f\n", (t60 - t20) / 40
			printf "longest dependency chain of the test zone (by hand): 6\n"
			printf "  MX -> A(mx) -> SMTP greeting -> EHLO -> STARTTLS -> TLS handshake\n"
			printf "answers awaited per domain: %d DNS queries + 4 SMTP/TLS answers on each of 2 connections\n", q
		}' "$TMP/bench.txt"
}

throughput() {
	echo "== throughput: mailpick probe --no-connect on $N domains, concurrency $CONC"
	go build -o "$TMP/mailpick" ./cmd/mailpick
	go build -o "$TMP/benchdns" ./bench/benchdns
	"$TMP/benchdns" -listen 127.0.0.1:0 -zone bench.test -record "$TMP/queries.txt" >"$TMP/dns.addr" &
	DNS_PID=$!
	while [ ! -s "$TMP/dns.addr" ]; do sleep 0.1; done
	ADDR=$(cat "$TMP/dns.addr")
	awk -v n="$N" 'BEGIN { print "# generated"; for (i = 1; i <= n; i++) printf "d%d.bench.test\n", i }' >"$TMP/domains.txt"
	/usr/bin/time -v "$TMP/mailpick" probe --domains-file "$TMP/domains.txt" --no-connect \
		--resolver "$ADDR" --format jsonl --concurrency "$CONC" >"$TMP/out.jsonl" 2>"$TMP/time.txt" || {
		cat "$TMP/time.txt"
		exit 1
	}
	LINES=$(wc -l <"$TMP/out.jsonl")
	ERRS=$(grep -o '"status":"error"' "$TMP/out.jsonl" | wc -l)
	awk -v n="$LINES" -v e="$ERRS" '
		/Elapsed \(wall clock\)/ { split($NF, t, ":"); secs = (length(t) == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
		/Maximum resident set size/ { rss = $NF }
		/Percent of CPU/ { cpu = $NF }
		END {
			printf "domains written: %d  checks with status error (timeouts, drops): %d\n", n, e
			printf "wall time: %.2f s  throughput: %.0f domains/s  cpu: %s\n", secs, n / secs, cpu
			printf "peak RSS: %.1f MiB\n", rss / 1024
			print secs > "'"$TMP/secs"'"
		}' "$TMP/time.txt"
	# The same questions, replayed by dnsperf against the same server
	# process: the ceiling a DNS client reaches on this machine.
	kill -USR1 "$DNS_PID"
	sleep 1
	QUERIES=$(wc -l <"$TMP/queries.txt")
	PORT=${ADDR##*:}
	if command -v dnsperf >/dev/null; then
		dnsperf -s 127.0.0.1 -p "$PORT" -d "$TMP/queries.txt" -n 1 -D >"$TMP/dnsperf.txt" 2>&1 || {
			cat "$TMP/dnsperf.txt"
			exit 1
		}
		awk -v q="$QUERIES" -v n="$LINES" -v secs="$(cat "$TMP/secs")" '
			/Queries per second:/ { dqps = $NF }
			/Queries lost:/ { lost = $3 }
			END {
				mqps = q / secs
				printf "questions per domain: %.1f (%d sent by mailpick)\n", q / n, q
				printf "mailpick: %.0f queries/s   dnsperf (same questions, same server): %.0f queries/s, %s lost\n", mqps, dqps, lost
				printf "ratio mailpick/dnsperf: %.2f\n", mqps / dqps
			}' "$TMP/dnsperf.txt"
	else
		echo "dnsperf not installed (Debian: apt-get install dnsperf); no side-by-side figure"
	fi
}

case "${1:-all}" in
latency) latency ;;
throughput) throughput ;;
all) latency; throughput ;;
*) echo "usage: $0 [latency|throughput|all]" >&2; exit 2 ;;
esac
