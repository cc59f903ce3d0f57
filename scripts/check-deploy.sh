#!/usr/bin/env bash
# Checks the files of deploy/ as docs/OPERATIONS.md uses them, on 127.0.0.1:
# - the systemd units pass `systemd-analyze verify` (with ExecStart pointed at
#   the built binary; no systemd needs to run);
# - deploy/nginx-cps.conf, with a self-signed certificate and loopback ports
#   in place of the real ones, is loaded by nginx and run in front of
#   `cps serve`: https pages come through, http redirects to https, a 1 MiB
#   form gets nginx's 413 while a 1 MiB bank-file upload reaches the portal,
#   and the request id a client sends is replaced by nginx's own.
# Usage: scripts/check-deploy.sh PATH_TO_CPS_BINARY
# Every process it starts is stopped by its pid on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
CPS_BIN="$(realpath "${1:?usage: check-deploy.sh PATH_TO_CPS_BINARY}")"
fail() { printf "FAILED: %s\n" "$*" >&2; [ -n "${WORK:-}" ] && [ -f "$WORK/portal/serve.log" ] && tail -n 5 "$WORK/portal/serve.log" >&2; exit 1; }

command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing"
command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null || fail "nginx is missing"
command -v openssl >/dev/null || fail "openssl is missing"
command -v curl >/dev/null || fail "curl is missing"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

WORK="$(mktemp -d)"
chmod 0755 "$WORK"   # nginx workers (not root) write request bodies under it
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# systemd units
mkdir -p "$WORK/units"
for unit in cps.service cps-worker.service; do
  sed "s#/usr/local/bin/cps#$CPS_BIN#g" "deploy/$unit" > "$WORK/units/$unit"
done
out="$(systemd-analyze verify "$WORK/units/cps.service" "$WORK/units/cps-worker.service" 2>&1 | grep -v 'No such file or directory.*\(cps.env\|cps.toml\)' || true)"
[ -z "$out" ] || fail "systemd-analyze verify: $out"
echo "systemd units: verified"

# nginx in front of cps serve
APP_PORT="$(free_port)"; HTTP_PORT="$(free_port)"; HTTPS_PORT="$(free_port)"
mkdir -p "$WORK/nginx/logs" "$WORK/portal"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" \
  -days 1 -subj /CN=cps.example.com 2>/dev/null
sed -e "s#/etc/letsencrypt/live/cps.example.com/fullchain.pem#$WORK/nginx/cert.pem#" \
    -e "s#/etc/letsencrypt/live/cps.example.com/privkey.pem#$WORK/nginx/key.pem#" \
    -e "s#listen 80;#listen 127.0.0.1:$HTTP_PORT;#" -e "s#listen \[::\]:80;##" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$HTTPS_PORT ssl http2;#" -e "s#listen \[::\]:443 ssl http2;##" \
    -e "s#server 127.0.0.1:8080;#server 127.0.0.1:$APP_PORT;#" \
    deploy/nginx-cps.conf > "$WORK/nginx/site.conf"
grep -q "127.0.0.1:$APP_PORT" "$WORK/nginx/site.conf" || fail "the upstream of deploy/nginx-cps.conf was not where this script expects it"
cat > "$WORK/nginx/nginx.conf" <<EOF
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events {}
http {
  access_log $WORK/nginx/logs/access.log;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  include $WORK/nginx/site.conf;
}
EOF
"$NGINX" -t -q -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" || fail "nginx does not load deploy/nginx-cps.conf"

(cd "$WORK/portal" && exec env CPS__DATABASE__URL="sqlite://$WORK/portal/cps.db" CPS__LOG__FORMAT=json \
  CPS__LOG__FILTER=info,tower_http=debug CPS__SERVER__BIND="127.0.0.1:$APP_PORT" CPS__SERVER__METRICS_BIND= \
  CPS__SERVER__PUBLIC_BASE_URL=https://cps.example.com CPS__SERVER__TRUSTED_PROXIES=127.0.0.1 \
  CPS__SECURITY__SECRET_KEY="$(openssl rand -hex 32)" CPS__MAIL__OUTBOX_DIR="$WORK/portal/outbox" \
  "$CPS_BIN" serve > "$WORK/portal/serve.log" 2>&1) &
PIDS+=("$!")
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$APP_PORT/healthz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$APP_PORT/healthz" >/dev/null || fail "cps serve did not come up: $(cat "$WORK/portal/serve.log")"
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" || fail "nginx did not start"

https() { curl -sk --max-time 30 --resolve "cps.example.com:$HTTPS_PORT:127.0.0.1" "$@"; }
code="$(https -o /dev/null -w '%{http_code}' "https://cps.example.com:$HTTPS_PORT/login")"
[ "$code" = 200 ] || fail "GET /login through nginx: $code"
code="$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/login")"
[ "$code" = 301 ] || fail "http is not redirected to https: $code"
head -c 1048576 /dev/zero > "$WORK/1m.bin"
code="$(https -o /dev/null -w '%{http_code}' -X POST --data-binary @"$WORK/1m.bin" \
  -H 'Content-Type: application/x-www-form-urlencoded' "https://cps.example.com:$HTTPS_PORT/signup")"
[ "$code" = 413 ] || fail "a 1 MiB form was not refused by nginx: $code"
code="$(https -o /dev/null -w '%{http_code}' -X POST --data-binary @"$WORK/1m.bin" \
  -H 'Content-Type: application/x-www-form-urlencoded' "https://cps.example.com:$HTTPS_PORT/admin/payments/upload")"
# Not logged in, the portal answers 303 to the back-office login without
# reading the body; nginx, still sending it, may then see the connection
# closed and answer 502. Either way the body passed nginx's size limit (no
# 413) and the request reached the portal, which its log shows.
[ "$code" = 303 ] || [ "$code" = 502 ] || fail "a 1 MiB bank file did not reach the portal (expected its 303 to the back-office login): $code"
grep -q '/admin/payments/upload' "$WORK/portal/serve.log" || fail "the 1 MiB bank file did not reach the portal: no /admin/payments/upload in its log"
id="$(https -D - -o /dev/null -H 'X-Request-Id: spoofed-by-client' -H 'X-Forwarded-For: 10.1.2.3' \
  "https://cps.example.com:$HTTPS_PORT/healthz" | tr -d '\r' | sed -n 's/^x-request-id: //Ip')"
[ -n "$id" ] && [ "$id" != spoofed-by-client ] || fail "the response's request id is not nginx's: '$id'"
grep -q "\"request_id\":\"$id\"" "$WORK/portal/serve.log" || fail "the portal's JSON log has no line with request id $id"
! grep -q spoofed-by-client "$WORK/portal/serve.log" || fail "the client's request id reached the portal's log"
echo "nginx in front of cps serve: TLS, redirect, body sizes and request id as docs/OPERATIONS.md says"
