# Sourced by bin/check-payara-server and bin/check-wildfly: timings, fetching a distribution from
# Maven Central, and the end-to-end checks of a running faafo, which speak only HTTP to the
# application (and rabbitmqctl to the broker), so they hold for any server. The caller sets
# WORK (a scratch folder) and DOWNLOADS (where fetched artifacts are kept).
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

# A value of the parent POM's <properties>.
pom_property() { # name
  sed -n "s#.*<$1>\(.*\)</$1>.*#\1#p" "$FAAFO_HOME/pom.xml" | head -1
}

# MariaDB and RabbitMQ running, and this check's own database (made afresh: every fractal the
# check sees was made by this run; its name must contain $1), user, virtual host and API
# administrator password, kept in $2.
prepare_services() { # word secrets-dir
  ensure_java
  ensure_mariadb
  ensure_rabbitmq
  reset_database "$FAAFO_DB_NAME" "$1"
  ensure_database "$2"
  reset_vhost "$FAAFO_RABBITMQ_VHOST"
  ensure_admin_password "$2"
}

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
timings=()
timing() { # what start
  local s
  s=$(seconds_since "$2")
  timings+=("$1: $s s")
  say "$1 in $s s"
}

# --- End-to-end checks ---------------------------------------------------------------------------

# The first field named $2 in the JSON object $1 (flat objects; strings without quotes in them).
json_field() {
  sed -n "s/.*\"$2\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" <<<"$1" | head -1 | sed 's/^"\(.*\)"$/\1/'
}

# Waits until the API lists a fractal that is done; prints its uuid.
e2e_wait_first_done() { # base-url timeout-seconds
  local deadline=$((SECONDS + $2)) list uuid
  while ((SECONDS < deadline)); do
    list=$(curl -fsS "$1/api/fractal?results_per_page=100" 2>/dev/null || true)
    uuid=$(tr '{' '\n' <<<"$list" | grep '"status":"done"' | sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p' | head -1)
    if [ -n "$uuid" ]; then
      echo "$uuid"
      return 0
    fi
    sleep 1
  done
  die "no fractal was done within $2 s (last list: ${list:0:300})"
}

# Waits until the fractal is done, then checks the fields a finished record has.
e2e_wait_done() { # base-url uuid timeout-seconds
  local deadline=$((SECONDS + $3)) body status=
  while ((SECONDS < deadline)); do
    body=$(curl -fsS "$1/api/fractal/$2" 2>/dev/null || true)
    status=$(json_field "$body" status)
    [ "$status" = failed ] && die "fractal $2 failed: $body"
    [ "$status" = done ] && break
    sleep 0.5
  done
  [ "$status" = done ] || die "fractal $2 was not done within $3 s (status '$status')"
  [[ "$(json_field "$body" checksum)" =~ ^[0-9a-f]{64}$ ]] || die "fractal $2 has no SHA-256 checksum: $body"
  [[ "$(json_field "$body" size)" =~ ^[1-9][0-9]*$ ]] || die "fractal $2 has no size: $body"
  [[ "$(json_field "$body" duration)" =~ ^[0-9.eE-]+$ ]] || die "fractal $2 has no duration: $body"
  [ -n "$(json_field "$body" generated_by)" ] && [ "$(json_field "$body" generated_by)" != null ] ||
    die "fractal $2 says nothing of who rendered it: $body"
}

# The image is served as a PNG: its content type and its eight magic bytes.
e2e_check_image() { # base-url uuid
  local type magic
  type=$(curl -fsS -o /dev/null -w '%{content_type}' "$1/api/fractal/$2/image") ||
    die "GET $1/api/fractal/$2/image failed"
  [[ "$type" == image/png* ]] || die "the image of $2 is served as '$type', not image/png"
  magic=$(curl -fsS "$1/api/fractal/$2/image" -o "$WORK/image.png" && head -c 8 "$WORK/image.png" | od -An -tx1 | tr -d ' \n')
  [ "$magic" = 89504e470d0a1a0a ] || die "the image of $2 does not start with the PNG signature ($magic)"
}

# The message-driven beans have their consumers on the broker: queue and count, as "name=count".
e2e_check_consumers() { # vhost timeout-seconds expected...
  local vhost=$1 deadline=$((SECONDS + $2)) out want missing
  shift 2
  command -v rabbitmqctl >/dev/null || { say "no rabbitmqctl here: not counting consumers"; return 0; }
  while :; do
    out=$(rabbitmqctl -q list_queues -p "$vhost" name consumers 2>/dev/null | tr '\t' '=' || true)
    missing=
    for want in "$@"; do
      grep -qx "$want" <<<"$out" || missing+=" $want"
    done
    [ -z "$missing" ] && return 0
    ((SECONDS < deadline)) || die "the broker does not show the consumers$missing (it shows: $(tr '\n' ' ' <<<"$out"))"
    sleep 1
  done
}

# Creates a fractal with POST; prints its uuid.
e2e_post_fractal() { # base-url
  local body uuid
  body=$(curl -fsS -X POST -H 'Content-Type: application/json' \
    -d '{"width":400,"height":300,"iterations":200,"xa":-1.6,"xb":1.6,"ya":-1.2,"yb":1.2,"cx":-0.8,"cy":0.156}' \
    "$1/api/fractal") || die "POST $1/api/fractal failed"
  uuid=$(json_field "$body" uuid)
  [ -n "$uuid" ] || die "POST $1/api/fractal answered without a uuid: $body"
  echo "$uuid"
}

# The administrator may change a record; nobody else may.
e2e_check_admin() { # base-url uuid password
  local code
  code=$(curl -sS -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
    -d '{"generated_by":"check"}' "$1/api/fractal/$2")
  [ "$code" = 401 ] || die "PUT without credentials answered $code, not 401"
  code=$(curl -sS -o /dev/null -w '%{http_code}' -u "admin:$3" -X PUT \
    -H 'Content-Type: application/json' -d '{"generated_by":"check"}' "$1/api/fractal/$2")
  [ "$code" = 200 ] || die "PUT as the administrator answered $code, not 200"
  [ "$(json_field "$(curl -fsS "$1/api/fractal/$2")" generated_by)" = check ] ||
    die "PUT as the administrator did not change fractal $2"
}

# A Maven artifact copied to $DOWNLOADS (from ~/.m2, fetched from Maven Central the first time).
fetch() { # groupId:artifactId:version[:type] file-name
  [ -s "$DOWNLOADS/$2" ] && return 0
  mkdir -p "$DOWNLOADS"
  local args=(-q -B -N dependency:copy "-Dartifact=$1" -Dtransitive=false "-DoutputDirectory=$DOWNLOADS" -Dmdep.stripVersion=false)
  mvn -o "${args[@]}" >/dev/null 2>&1 || mvn "${args[@]}" || die "cannot fetch $1 from Maven Central"
  [ -s "$DOWNLOADS/$2" ] || die "fetching $1 gave no $DOWNLOADS/$2"
}
