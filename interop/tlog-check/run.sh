#!/usr/bin/env bash
# Three Parley nodes on loopback, peers of each other, witnessing each other's logs; their logs are
# then checked from the outside by tlog-check (main.go beside this file), which verifies with Go's
# golang.org/x/mod/sumdb/note and .../tlog, not with Parley's code.
# Needs a JDK 17, Go and Go's x/mod sources: on Debian, `apt-get install golang-go golang-golang-x-mod-dev`.
# Exit 0 when every check held, 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
gopath="${GOPATH_XMOD:-/usr/share/gocode}"
if ! command -v go >/dev/null || [[ ! -d "$gopath/src/golang.org/x/mod/sumdb" ]]; then
  echo "interop: needs go and golang.org/x/mod under $gopath (Debian: golang-go golang-golang-x-mod-dev)" >&2
  exit 2
fi
work="$(mktemp -d /tmp/parley-interop.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

(cd "$here" && GO111MODULE=off GOPATH="$gopath" GOCACHE="$work/gocache" go build -o "$work/tlog-check" .)
parley() { "$root/parley" "$@"; }

# start NAME [NODE_NAME]: a node on a free port, its data in $work/NAME; sets PORT_NAME
start() {
  # the script itself, not the function: it execs java, so $! is the node's own PID and the trap stops it
  "$root/parley" serve --data "$work/$1" --name "${2:-$1}" --port 0 --witness-interval 2 --sync-interval 0 >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 240); do
    # the log is created by the background job: it may not be there yet on a loaded machine
    port="$(sed -n 's#^TAXII discovery: http://127.0.0.1:\([0-9]*\)/taxii2/#\1#p' "$work/$1.log" 2>/dev/null || true)"
    [[ -n "$port" ]] && { eval "PORT_$1=$port"; return 0; }
    sleep 0.5
  done
  echo "interop: node $1 did not start:" >&2; cat "$work/$1.log" >&2; exit 1
}

# bundle FILE FIRST COUNT: COUNT indicators, numbered from FIRST
bundle() {
  {
    printf '{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":['
    for ((i = $2; i < $2 + $3; i++)); do
      ((i > $2)) && printf ','
      printf '{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-%012d",' "$i"
      printf '"created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","name":"interop %d",' "$i"
      printf '"pattern":"[ipv4-addr:value = '"'"'198.51.100.%d'"'"']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}' $((i % 256))
    done
    printf ']}\n'
  } >"$1"
}

for n in a b c; do start "$n"; done
echo "interop: nodes a b c on ports $PORT_a $PORT_b $PORT_c"
# each node peers with the other two (tokens are not needed for witnessing: the checkpoint's signature is the credential)
for n in a b c; do
  for m in a b c; do
    [[ "$n" == "$m" ]] && continue
    eval "port=\$PORT_$m"
    parley peer add "$m" --url "http://127.0.0.1:$port/api1/" --data "$work/$n" >/dev/null
  done
done
parley collection create --title Interop --alias interop --data "$work/a" >/dev/null

check() { # check NAME [tlog-check flags...]: the log of node NAME
  local name="$1"; shift
  local port; eval "port=\$PORT_$name"
  "$work/tlog-check" -url "http://127.0.0.1:$port/log/" -key "$(parley log key --data "$work/$name")" "$@"
}

bundle "$work/first.json" 0 300
parley import "$work/first.json" --collection interop --data "$work/a" >/dev/null
sleep 2 # the log integrates and signs
check a -save "$work/a-first.checkpoint"

bundle "$work/second.json" 300 500
parley import "$work/second.json" --collection interop --data "$work/a" >/dev/null
wb="$(parley witness key --data "$work/b")"
wc="$(parley witness key --data "$work/c")"
# cosigned by both peers within a few witness intervals
for _ in $(seq 1 60); do
  if check a -witness "$wb" -witness "$wc" -cosigned 2 >/dev/null 2>&1; then break; fi
  sleep 0.5
done
check a -old "$work/a-first.checkpoint" -witness "$wb" -witness "$wc" -cosigned 2
check b
check c
# Parley's own verifier, as a user runs it, agrees: both witnesses make a quorum of 2; no quorum of 3 is
# met when the third witness named (a's own) never cosigns a's log
parley log verify --url "http://127.0.0.1:$PORT_a/log/" --key "$(parley log key --data "$work/a")" --full \
  --since "$work/a-first.checkpoint" --witness b="$wb" --witness c="$wc" --quorum 2 >/dev/null
if parley log verify --url "http://127.0.0.1:$PORT_a/log/" --key "$(parley log key --data "$work/a")" \
  --witness b="$wb" --witness c="$wc" --witness a="$(parley witness key --data "$work/a")" --quorum 3 >/dev/null 2>&1; then
  echo "interop: parley log verify held a quorum of 3 with two cosignatures" >&2; exit 1
fi
# and the checker is not vacuous: a's log under c's key fails
if "$work/tlog-check" -url "http://127.0.0.1:$PORT_a/log/" -key "$(parley log key --data "$work/c")" >/dev/null 2>&1; then
  echo "interop: a's log verified under c's key" >&2; exit 1
fi

# A forger: a second data folder holding a copy of a's log key, with another history, gets itself
# witnessed by b. b must record fork evidence that holds with a's key alone, and c learn it by gossip.
mkdir -p "$work/d"
cp "$work/a/log.key" "$work/d/log.key"
start d a
parley collection create --title Forged --alias forged --data "$work/d" >/dev/null
bundle "$work/forged.json" 9000 3
parley import "$work/forged.json" --collection forged --data "$work/d" >/dev/null
parley peer add b --url "http://127.0.0.1:$PORT_b/api1/" --data "$work/d" >/dev/null
forged_at=$SECONDS
evidence() { # evidence NAME FILE: waits for node NAME to hold fork evidence, writes it to FILE
  for _ in $(seq 1 120); do
    parley log evidence --format json --data "$work/$1" >"$2"
    [[ "$(tr -d ' \n' <"$2")" != "[]" ]] && return 0
    sleep 0.5
  done
  echo "interop: node $1 recorded no fork evidence" >&2; return 1
}
evidence b "$work/b-evidence.json"
echo "interop: b recorded the fork $((SECONDS - forged_at)) s after the forger asked to be witnessed"
"$work/tlog-check" -key "$(parley log key --data "$work/a")" -evidence "$work/b-evidence.json"
# the alarm as an operator sees it: the peer forked, and counted in /metrics
parley peer list --format json --data "$work/b" | grep -q '"state" *: *"forked"' || { echo "interop: b does not list a as forked" >&2; exit 1; }
# per peer for its administrator (the peer's name is the operator's own), a total for anyone else
curl -s -u "admin:$(cat "$work/b/admin.token")" "http://127.0.0.1:$PORT_b/metrics" | grep -q 'parley_peer_forks{peer="a"} 1' \
  || { echo "interop: b's /metrics counts no fork of a" >&2; exit 1; }
curl -s "http://127.0.0.1:$PORT_b/metrics" | grep -q '^parley_forks 1$' || { echo "interop: b's public /metrics counts no fork" >&2; exit 1; }
if curl -s "http://127.0.0.1:$PORT_b/metrics" | grep -q 'peer="a"'; then echo "interop: b's public /metrics names its peer" >&2; exit 1; fi
evidence c "$work/c-evidence.json"
detected=$((SECONDS - forged_at))
echo "interop: c, which never talked to the forger, held the evidence $detected s after it"
# issue 11: a split view is detected by either peer within 30 s with --witness-interval 2
((detected <= 30)) || { echo "interop: the fork took $detected s to reach c (over 30 s)" >&2; exit 1; }
"$work/tlog-check" -key "$(parley log key --data "$work/a")" -evidence "$work/c-evidence.json"
if "$work/tlog-check" -key "$(parley log key --data "$work/b")" -evidence "$work/c-evidence.json" >/dev/null 2>&1; then
  echo "interop: a's fork evidence held under b's key" >&2; exit 1
fi
echo "interop: every check held"
