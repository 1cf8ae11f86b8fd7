#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Killing umk leaves no guest process behind on the host: umk runs a shell
# with two background sleeps; once they run, umk gets SIGTERM (or SIGKILL)
# and, within a few seconds, no host process of that umk is left alive:
# neither one of its descendants as they were before the kill (its
# umk-zygote and umk-stub processes) nor any process of the sessions they
# were in (stubs made after the snapshot, or reparented to init).  Only
# processes of the umk this suite started are counted, so umks run by
# others at the same time do not matter.  Zombies are dead and not counted.
# The same for umk boot (its supervisor, spare and umk processes,
# src/sandbox/supervise.c), killed in its second boot, after a restart:
# a busybox tree whose init reboots once, then runs the shell and sleeps.
. "$(dirname "$0")/lib.sh"

BUSYBOX=/bin/busybox

oneTimeSetUp()
{
	make_tmp kill || return 1
	if ! command -v ps >/dev/null; then
		skip_all "ps is not installed (procps)"
	fi
	[ -x "$BUSYBOX" ] || return 0	# the boot tests skip
	TREE=$E2E_TMP/tree
	mkdir -p "$TREE/bin" "$TREE/sbin" "$TREE/tmp" "$TREE/dev" "$TREE/proc"
	cp "$BUSYBOX" "$TREE/bin/busybox"
	for x in sh cat echo sleep reboot; do
		ln -s busybox "$TREE/bin/$x"
	done
	cat >"$TREE/init" <<'END'
#!/bin/sh
n=$(($(cat /count 2>/dev/null || echo 0) + 1))
echo $n >/count
echo "boot $n"
[ $n = 1 ] && reboot -f
sleep 100 & sleep 100 & wait
END
	chmod a+x "$TREE/init"
}

oneTimeTearDown()
{
	rm_tmp
}

# ps_all: "pid ppid sid stat comm" for every host process.
ps_all()
{
	ps -e -o pid=,ppid=,sid=,stat=,comm=
}

# descendants PID: the pids of PID's descendants (not PID), one per line.
descendants()
{
	ps_all | awk -v root="$1" '
		{ parent[$1] = $2; pids[NR] = $1 }
		END {
			for (i = 1; i <= NR; i++) {
				p = pids[i]; q = parent[p]; n = 0
				while (q != "" && q != root && q > 1 && n++ < 100)
					q = parent[q]
				if (q == root && p != root)
					print p
			}
		}'
}

# survivors: the processes recorded in $E2E_TMP/family (pid comm) or in
# their sessions ($E2E_TMP/sids) that are alive (not zombies) and are
# still umk's (named umk-stub, umk-zygote or umk): "pid ppid sid stat comm".
survivors()
{
	ps_all | awk -v fam="$E2E_TMP/family" -v sids="$E2E_TMP/sids" '
		BEGIN {
			while ((getline l < fam) > 0) { split(l, f, " "); known[f[1]] = f[2] }
			while ((getline l < sids) > 0) sid[l] = 1
		}
		$4 ~ /^Z/ { next }
		$5 != "umk-stub" && $5 != "umk-zygote" && $5 != "umk" { next }
		($1 in known && known[$1] == $5) || ($3 in sid) { print }'
}

# kill_umk_and_check SIGNAL [boot]: the test, for one signal (boot: umk
# boot, once its second boot runs).
kill_umk_and_check()
{
	sig=$1
	if [ "${2:-}" = boot ]; then
		rm -f "$TREE/count"
		"$UMK" boot -r "$TREE" init=/init \
			>"$E2E_TMP/umk.out" 2>"$E2E_TMP/umk.err" </dev/null &
		upid=$!
		i=0
		while ! grep -q 'boot 2' "$E2E_TMP/umk.out" && [ $i -lt 100 ]; do
			sleep 0.1
			i=$((i + 1))
		done
	else
		"$UMK" run -- /bin/sh -c 'sleep 100 & sleep 100 & wait' \
			>"$E2E_TMP/umk.out" 2>"$E2E_TMP/umk.err" </dev/null &
		upid=$!
	fi

	# Wait (10 s at most) until the shell and both sleeps run: three
	# stubs with a guest in them, i.e. at least three umk-stub processes
	# under this umk; then one more second for the sleeps to start.
	i=0
	while [ $i -lt 100 ]; do
		n=$(descendants "$upid" | while read -r p; do
			[ "$(cat "/proc/$p/comm" 2>/dev/null)" = umk-stub ] && echo "$p"
		done | wc -l)
		[ "$n" -ge 3 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	sleep 1
	if ! kill -0 "$upid" 2>/dev/null; then
		show "$E2E_TMP/umk.err"
		fail "umk exited before it was killed"
		return 0
	fi

	# The family: every descendant (pid comm), and their sessions.
	: >"$E2E_TMP/family"
	for p in $(descendants "$upid"); do
		c=$(cat "/proc/$p/comm" 2>/dev/null) && echo "$p $c" >>"$E2E_TMP/family"
	done
	echo "$upid umk" >>"$E2E_TMP/family"
	awk '{ print $1 }' "$E2E_TMP/family" | while read -r p; do
		ps -o sid= -p "$p" 2>/dev/null | tr -d ' '
	done | sort -u | grep -v "^$(ps -o sid= -p $$ | tr -d ' ')\$" >"$E2E_TMP/sids"
	nfam=$(grep -c -e ' umk-stub$' -e ' umk-zygote$' "$E2E_TMP/family")
	assertTrue "no umk-stub or umk-zygote under umk before the kill" "[ $nfam -gt 0 ]"
	# The check sees them alive now (else it would prove nothing later).
	survivors >"$E2E_TMP/before"
	assertTrue "the survivors check does not see umk's processes before the kill" \
		"[ $(wc -l <"$E2E_TMP/before") -gt $nfam ]"

	kill "-$sig" "$upid"
	wait "$upid" 2>/dev/null
	ust=$?

	# Within 5 s, nothing of it is left.
	i=0
	while [ $i -lt 50 ]; do
		survivors >"$E2E_TMP/left"
		[ -s "$E2E_TMP/left" ] || break
		sleep 0.1
		i=$((i + 1))
	done
	if [ -s "$E2E_TMP/left" ]; then
		echo "--- still alive 5 s after SIG$sig to umk (pid ppid sid stat comm):"
		sed 's/^/  /' "$E2E_TMP/left"
		echo "--- umk's family before the kill ($nfam umk-stub/umk-zygote):"
		sed 's/^/  /' "$E2E_TMP/family" | head -n 20
		fail "SIG$sig to umk left $(wc -l <"$E2E_TMP/left") guest processes behind"
		# Clean up: these are ours (recorded above, same name).
		awk '{ print $1 }' "$E2E_TMP/left" | while read -r p; do
			kill -KILL "$p" 2>/dev/null
		done
	fi
	if [ "$sig" = KILL ]; then
		assertEquals "umk's exit status after SIGKILL" 137 "$ust"
	else
		assertNotEquals "umk's exit status after SIG$sig" 0 "$ust"
	fi
	if [ "${2:-}" = boot ]; then
		assertEquals "two boots before the kill, no third" "boot 1
boot 2" "$(cat "$E2E_TMP/umk.out")"
	fi
}

testSigtermToUmkLeavesNoGuestProcess()
{
	kill_umk_and_check TERM
}

testSigkillToUmkLeavesNoGuestProcess()
{
	kill_umk_and_check KILL
}

testSigtermToUmkBootLeavesNoProcess()
{
	[ -x "$BUSYBOX" ] || { skip_test "$BUSYBOX is not there (busybox-static)"; return 0; }
	kill_umk_and_check TERM boot
	assertEquals "umk boot's exit status after SIGTERM" 143 "$ust"
}

# SIGKILL to the supervisor: umk dies of its parent-death signal, the
# spare of end-of-file on its pipe, the stubs with umk
testSigkillToUmkBootLeavesNoProcess()
{
	[ -x "$BUSYBOX" ] || { skip_test "$BUSYBOX is not there (busybox-static)"; return 0; }
	kill_umk_and_check KILL boot
}

. /usr/bin/shunit2
