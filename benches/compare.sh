#!/usr/bin/env bash
# Whole-process comparison on the same data, in one run: Frontdesk on a
# desk file, the same desk on PostgreSQL, Taskwarrior 2.6 and the sqlite3
# shell, for a search, the triage order and one request. Prints a table of
# medians and ratios, and how long moving the desk to the server took.
# With Debian's pgbouncer installed, the server is also measured behind
# PgBouncer in session mode, as the README sets one up for a team.
#
#   benches/compare.sh            # 100,000 requests (N=... to change)
#
# Needs taskwarrior, sqlite3 and hyperfine (Debian packages of those names)
# and python3; it installs nothing itself. With Debian's postgresql
# installed it starts a throw-away server (a socket in the work folder, no
# TCP port) for the PostgreSQL column and stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
RUNS=${RUNS:-10}
missing=()
for tool in task:taskwarrior sqlite3:sqlite3 hyperfine:hyperfine python3:python3; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "compare.sh needs: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
fi

cargo build --release --quiet
bin=$PWD/target/release/frontdesk
work=${WORK:-$PWD/target/compare-$N}
mkdir -p "$work"
db=$work/frontdesk.db
export FRONTDESK_DB=$db FRONTDESK_USER=bench FRONTDESK_CONFIG=$work/none.toml
if [ ! -f "$db" ]; then
    echo "building $N requests…" >&2
    /usr/bin/time -f "generated $N requests in %e s" "$bin" init --demo "$N"
    "$bin" list --limit 1 >/dev/null   # the first open applies due escalations
fi

# The same requests for Taskwarrior: one task per request, its subject and
# conversation as the description, open requests pending.
export TASKRC=$work/taskrc TASKDATA=$work/task
if [ ! -f "$TASKDATA/pending.data" ]; then
    mkdir -p "$TASKDATA"
    printf 'data.location=%s\nconfirmation=off\nverbose=nothing\ngc=off\nhooks=off\nrecurrence=off\nsearch.case.sensitive=no\n' "$TASKDATA" > "$TASKRC"
    # The search index keeps no copy of the text: the same text, from the
    # requests and their history.
    sqlite3 -json "$db" "SELECT r.id, r.status, r.created_at, r.subject || ' ' || r.body || ' ' || coalesce(c.text, '') AS text
                         FROM requests r LEFT JOIN (SELECT request_id, group_concat(body, ' ') AS text FROM events
                         WHERE body IS NOT NULL GROUP BY request_id) c ON c.request_id = r.id" > "$work/requests.json"
    python3 - "$work/requests.json" "$work/tasks.json" <<'PY'
import json, sys, datetime, uuid
rows = json.load(open(sys.argv[1]))
def ts(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
tasks = [{
    "uuid": str(uuid.UUID(int=r["id"])),
    "description": " ".join(r["text"].split())[:400],
    "status": "pending" if r["status"] in ("new", "open", "waiting") else "completed",
    "entry": ts(r["created_at"]),
    **({} if r["status"] in ("new", "open", "waiting") else {"end": ts(r["created_at"])}),
} for r in rows]
json.dump(tasks, open(sys.argv[2], "w"))
PY
    echo "importing into Taskwarrior…" >&2
    /usr/bin/time -f "taskwarrior import took %e s" task import "$work/tasks.json" >/dev/null
fi

# The same desk on a server, moved there by `migrate` (timed).
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
pg=""
pgb=""
if [ -n "$pgbin" ]; then
    pgdir=$work/pg
    as=()
    [ "$(id -u)" = 0 ] && as=(runuser -u nobody --)
    if [ ! -d "$pgdir/data" ]; then
        mkdir -p "$pgdir" && chmod 777 "$pgdir"
        "${as[@]}" "$pgbin/initdb" -D "$pgdir/data" -U deskadmin --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    "${as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -o "-k $pgdir -c listen_addresses='' -p 5433" -l "$pgdir/log" -w start >/dev/null
    trap '"${as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null' EXIT
    pg="postgresql://deskadmin@localhost:5433/desk?host=$pgdir"
    # The same server behind PgBouncer in session mode, as the README sets
    # one up for a team: each command then gets a pooled server process
    # instead of starting one.
    pgbouncer=$(command -v pgbouncer || ls /usr/sbin/pgbouncer 2>/dev/null || true)
    if [ -n "$pgbouncer" ]; then
        bouncer=$work/pgbouncer
        mkdir -p "$bouncer" && chmod 777 "$bouncer"
        printf '[databases]\ndesk = host=%s port=5433 dbname=desk\n[pgbouncer]\nlisten_addr =\nlisten_port = 6433\nunix_socket_dir = %s\nauth_type = trust\nauth_file = %s/users.txt\npool_mode = session\nlogfile = %s/log\npidfile = %s/pid\n' \
            "$pgdir" "$bouncer" "$bouncer" "$bouncer" "$bouncer" > "$bouncer/pgbouncer.ini"
        echo '"deskadmin" ""' > "$bouncer/users.txt"
        chmod 644 "$bouncer/pgbouncer.ini" "$bouncer/users.txt"
        "${as[@]}" "$pgbouncer" -d "$bouncer/pgbouncer.ini"
        trap 'kill -INT "$(cat "$bouncer/pid")"; "${as[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null' EXIT
        pgb="postgresql://deskadmin@localhost:6433/desk?host=$bouncer"
    fi
    if "${as[@]}" "$pgbin/createdb" -h "$pgdir" -p 5433 -U deskadmin desk 2>/dev/null; then
        echo "moving the desk to PostgreSQL…" >&2
        /usr/bin/time -f "migrate of $N requests took %e s" "$bin" migrate --to "$pg" >/dev/null
        # The server's planner statistics, as a nightly autovacuum leaves them.
        FRONTDESK_DB=$pg "$bin" list --limit 1 >/dev/null
        "${as[@]}" "$pgbin/vacuumdb" -h "$pgdir" -p 5433 -U deskadmin --analyze-only desk >/dev/null
    fi
fi

id=$(( N / 2 ))
fts="SELECT r.*, p.name FROM requests r JOIN people p ON p.id = r.requester_id WHERE r.id IN
     (SELECT rowid FROM request_text WHERE request_text MATCH '\"printer\"* \"vpn\"*') ORDER BY r.created_at DESC LIMIT 50"
due="SELECT r.*, p.name FROM requests r JOIN people p ON p.id = r.requester_id WHERE r.status = 'open' ORDER BY r.due_at LIMIT 50"
one="SELECT * FROM requests WHERE id = $id; SELECT * FROM events WHERE request_id = $id ORDER BY id"

run() { # name, command → median seconds
    hyperfine -N -i --warmup 2 --runs "$RUNS" --export-json "$work/$1.json" "$2" >/dev/null 2>&1
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['results'][0]['median'])" "$work/$1.json"
}

printf '%-28s %12s %12s %12s %12s %12s %9s %9s %9s %9s\n' "query ($N requests)" frontdesk postgres pgbouncer taskwarrior sqlite3 "pg/fd" "pgb/fd" "tw/fd" "fd/sqlite"
for case in search due show; do
    case $case in
        search) fd="$bin list --search 'printer vpn' --limit 50 --format json"; tw="task rc.verbose=nothing /printer.*vpn/ list"; sq="sqlite3 $db \"$fts\"";;
        due) fd="$bin list --status open --sort due --limit 50"; tw="task rc.verbose=nothing status:pending limit:50 list"; sq="sqlite3 $db \"$due\"";;
        show) fd="$bin show $id"; tw="task rc.verbose=nothing $(python3 -c "import uuid; print(uuid.UUID(int=$id))") info"; sq="sqlite3 $db \"$one\"";;
    esac
    a=$(run "fd-$case" "$fd"); b=$(run "tw-$case" "$tw"); c=$(run "sq-$case" "$sq")
    p=0; q=0
    [ -n "$pg" ] && p=$(FRONTDESK_DB=$pg run "pg-$case" "$fd")
    [ -n "$pgb" ] && q=$(FRONTDESK_DB=$pgb run "pgb-$case" "$fd")
    python3 -c "
a,b,c,p,q=$a,$b,$c,$p,$q
ms=lambda x: f'{x*1000:10.1f}ms' if x else f'{\"–\":>12}'
ratio=lambda x: f'{x/a:8.2f}x' if x else f'{\"–\":>9}'
print(f'{\"$case\":<28} {ms(a)} {ms(p)} {ms(q)} {ms(b)} {ms(c)} {ratio(p)} {ratio(q)} {b/a:8.1f}x {a/c:8.2f}x')"
done
