#!/usr/bin/env bash
# Lightbox from the shell with curl: cookie login + CSRF, token mode, JWT obtain and refresh. Needs bash, curl, sed.
set -euo pipefail
: "${LIGHTBOX_URL:=http://127.0.0.1:8080}" "${LIGHTBOX_EMAIL:?set LIGHTBOX_EMAIL}" "${LIGHTBOX_PASSWORD:?set LIGHTBOX_PASSWORD}"
URL=${LIGHTBOX_URL%/}
JAR=$(mktemp)
trap 'rm -f "$JAR"' EXIT
json_field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" | head -n1; }
count_ids() { grep -o '"id":"cl_[A-Za-z0-9]*"' | wc -l | tr -d ' '; }
LOGIN_BODY=$(printf '{"email":"%s","password":"%s"}' "$LIGHTBOX_EMAIL" "$LIGHTBOX_PASSWORD")
TOKEN_BODY=$(printf '{"email":"%s","password":"%s","mode":"token"}' "$LIGHTBOX_EMAIL" "$LIGHTBOX_PASSWORD")

# 1. Cookie session: the jar keeps sessionid and csrftoken; writes send the token in X-CSRFToken.
CSRF=$(curl -sf -c "$JAR" -H 'Content-Type: application/json' -d "$LOGIN_BODY" "$URL/api/auth/login" | json_field csrf_token)
echo "cookie: logged in as $LIGHTBOX_EMAIL"
echo "cookie: listed $(curl -sf -b "$JAR" -c "$JAR" "$URL/api/v1/clients?per_page=100" | count_ids) clients"
CLIENT=$(curl -sf -b "$JAR" -c "$JAR" -H "X-CSRFToken: $CSRF" -H 'Content-Type: application/json' \
  -d "{\"email\":\"curl-$(date +%s)-$RANDOM@example.test\",\"first_name\":\"Curl\"}" "$URL/api/v1/clients" | json_field id)
echo "created client $CLIENT"
curl -sf -b "$JAR" -c "$JAR" -X POST -H "X-CSRFToken: $CSRF" "$URL/api/auth/logout" >/dev/null
echo "cookie: logged out"

# 2. Token mode: a constant token in X-Auth-Token, no cookie, no CSRF.
TOKEN=$(curl -sf -H 'Content-Type: application/json' -d "$TOKEN_BODY" "$URL/api/auth/login" | json_field token)
echo "token: listed $(curl -sf -H "X-Auth-Token: $TOKEN" "$URL/api/v1/clients?per_page=100" | count_ids) clients"
curl -sf -X POST -H "X-Auth-Token: $TOKEN" "$URL/api/auth/logout" >/dev/null
echo "token: logged out"

# 3. JWT: obtain a pair, call with Bearer, refresh (the refresh token rotates: keep the new one).
PAIR=$(curl -sf -H 'Content-Type: application/json' -d "$LOGIN_BODY" "$URL/api/auth/token/obtain/")
ACCESS=$(echo "$PAIR" | json_field access)
REFRESH=$(echo "$PAIR" | json_field refresh)
echo "jwt: listed $(curl -sf -H "Authorization: Bearer $ACCESS" "$URL/api/v1/clients?per_page=100" | count_ids) clients"
PAIR=$(curl -sf -H 'Content-Type: application/json' -d "{\"refresh\":\"$REFRESH\"}" "$URL/api/auth/token/refresh/")
NEW_REFRESH=$(echo "$PAIR" | json_field refresh)
[ "$NEW_REFRESH" != "$REFRESH" ] && echo "jwt: refreshed, new refresh token"
ACCESS=$(echo "$PAIR" | json_field access)
curl -sf -X POST -H "Authorization: Bearer $ACCESS" "$URL/api/auth/logout" >/dev/null
echo "jwt: logged out"
