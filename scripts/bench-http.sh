#!/usr/bin/env bash
# HTTP load benchmark: starts `threadline demo` (no synthetic data) on a fresh
# database on a loopback port, signs in as the demo officer, then drives it
# with wrk as that signed-in officer (session cookie and CSRF token on every
# request, so the figures include authentication, access checks and audit) (installed from Debian if missing)
# for a fixed, bounded time. Prints requests per second and the latency
# distribution for each scenario. Usage: scripts/bench-http.sh [build dir] [seconds]
set -euo pipefail
build="${1:-build}"
seconds="${2:-10}"
bin="$build/threadline"
[[ -x "$bin" ]] || { echo "bench-http: build first ($bin missing)" >&2; exit 1; }
if ! command -v wrk >/dev/null 2>&1; then
  SUDO=""; [[ "$(id -u)" -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
password="bench password for a loopback run"
THREADLINE_DEMO_PASSWORD="$password" \
  "$bin" demo --reports 0 --db "$work/bench.db" --listen 127.0.0.1:0 --port-file "$work/port" \
  ${THREADS:+--threads $THREADS} ${WRITE_THREADS:+--write-threads $WRITE_THREADS} > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do [[ -s "$work/port" ]] && break; sleep 0.05; done
port="$(cat "$work/port")"
base="http://127.0.0.1:$port"
signed_in=$(curl -sf -D "$work/headers" -H 'Content-Type: application/json' \
  -d "{\"username\":\"officer\",\"password\":\"$password\"}" "$base/api/v1/session")
cookie=$(grep -i '^set-cookie:' "$work/headers" | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]+);.*/\1/')
csrf=$(echo "$signed_in" | sed -E 's/.*"csrf_token":"([^"]+)".*/\1/')
auth=(-H "Cookie: $cookie" -H "X-CSRF-Token: $csrf")

report=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"force":"met","occurred_at":"2026-01-01T10:00:00Z",
  "parties":[{"role":"victim","person":{"given_name":"Bench"}},{"role":"suspect","person":{"handles":["@bench"]}}]}' \
  "$base/api/v1/reports" | sed -E 's/^\{"id":"([^"]+)".*/\1/')

# Officers screen different reports: spread the screenings over many.
echo "ids = {" > "$work/screening.lua"
for i in $(seq 1 500); do
  curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d '{"force":"met","occurred_at":"2026-01-01T10:00:00Z",
    "parties":[{"role":"victim","person":{"given_name":"Bench"}},{"role":"suspect","person":{"handles":["@bench'$i'"]}}]}' \
    "$base/api/v1/reports" | sed -E 's/^\{"id":"([^"]+)".*/"\1",/' >> "$work/screening.lua"
done
echo "}" >> "$work/screening.lua"
cat >> "$work/screening.lua" <<'LUA'
-- Each wrk thread (two: run() passes -t2) takes every other report, so the
-- threads never screen the same report at the same moment, as two officers
-- seldom would; the connections of one thread are on different reports too.
threads = 2
started = 0
setup = function(thread)
  thread:set("first", started)
  started = started + 1
end
counter = 0
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local index = (first + counter * threads) % #ids
  local path = "/api/v1/reports/" .. ids[index + 1] .. "/screenings"
  -- nil headers: wrk's own, which carry the session cookie and CSRF token
  return wrk.format("POST", path, nil, body)
end
body = [[{"questionnaire_version":"v1","answers":{"four_fixated":"yes","four_obsessive":"yes",
 "four_unwanted":"yes","four_repeated":"yes","relationship":"ex_partner","occasions":5,
 "behaviours":["following","contacting"],"alarm_distress":"yes","fear_of_violence":"yes",
 "fear_of_violence_occasions":2,"risk_very_frightened":"yes"}}]]
LUA
cat > "$work/report.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{"force":"met","occurred_at":"2026-02-01T10:00:00Z","behaviours":["following"],
 "parties":[{"role":"victim","person":{"given_name":"Load","family_name":"Test"}}]}]]
LUA

run() {
  local name="$1"; shift
  echo "== $name"
  wrk -t2 -c32 -d"${seconds}s" --latency "${auth[@]}" "$@" | grep -E 'Requests/sec|Latency|50%|90%|99%|Non-2xx'
}
run "POST /api/v1/reports/{id}/screenings (500 reports)" -s "$work/screening.lua" "$base"
run "POST /api/v1/reports" -s "$work/report.lua" "$base/api/v1/reports"
run "GET /api/v1/reports/{id}" "$base/api/v1/reports/$report"
run "GET /healthz" "$base/healthz"
