#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2086,SC2016,SC2088,SC2317,SC2154
# ($AS and $OTHER are command prefixes, split on purpose; $LOOP is the
# guest's script; "~/.umk" in messages; shunit2 calls the test functions;
# lib.sh's run_to sets $st.)
#
# The management console (umk-console(1)): a umk running a counting loop
# under --umid answers version, sysrq t (the sh and sleep tasks), proc
# meminfo, log (seen by dmesg inside), stop (the count stands still for a
# second) and go (it moves again), config; umk list shows it; an unknown
# command is an error with a non-zero status; a second umk with the same
# live UMID is refused; halt ends umk with status 0 within seconds and
# its socket is gone.  The same as uid 65534 when the suite runs as root,
# with XDG_RUNTIME_DIR unset (~/.umk), and with a HOME that cannot be
# written: then --umid fails with a clear message, and umk without --umid
# runs anyway.
. "$(dirname "$0")/lib.sh"

# the umk-console next to the umk under test (build/, or /usr/bin)
CONSOLE=${UMK_CONSOLE:-$(dirname "$UMK")/umk-console}
OTHER=
# The count goes to a new file, renamed over the old: a stop between a
# truncation and its write left it empty for the checks below.
LOOP='i=0; while :; do i=$((i+1)); echo $i > count.new; mv count.new count; if [ -e want-dmesg ]; then dmesg > dmesg.out; rm want-dmesg; fi; sleep 0.1; done'

oneTimeSetUp()
{
	make_tmp mconsole || return 1
	[ -x "$CONSOLE" ] || skip_all "$CONSOLE is not there"
}

oneTimeTearDown()
{
	rm_tmp
}

# start_loop DIR UMID: the counting loop in DIR under umk, in the
# background ($loop_pid); waits until its console answers.
start_loop()
{
	(cd "$1" && exec $AS timeout -k 5 "$T" "$UMK" run --umid "$2" -- sh -c "$LOOP" \
		>"$1/umk.out" 2>"$1/umk.err") &
	loop_pid=$!
	n_=0
	while [ $n_ -lt 100 ]; do
		$AS "$CONSOLE" "$2" version >/dev/null 2>&1 && [ -s "$1/count" ] && return 0
		sleep 0.1
		n_=$((n_ + 1))
	done
	show "$1/umk.err"
	fail "umk --umid $2 did not answer on its console within 10 s"
	return 1
}

# con UMID CMD...: umk-console (as $AS), output in $E2E_TMP/con.out/.err.
con()
{
	run_to con $AS timeout -k 5 "$T" "$CONSOLE" "$@"
}

stop_loop()
{
	kill "$loop_pid" 2>/dev/null
	wait "$loop_pid" 2>/dev/null
}

# the whole session, as the suite's user (AS empty) or as another
session()
{
	d=$E2E_TMP/$1
	u=T$$-$1
	mkdir -p "$d"
	chmod 777 "$d"
	start_loop "$d" "$u" || return

	con "$u" version
	assertEquals "version: status" 0 "$st"
	assertTrue "version: says umk" "grep -q '^umk ' '$E2E_TMP/con.out'"

	if [ -n "$OTHER" ]; then
		# another user (root, past the directory's mode) is refused by
		# SO_PEERCRED
		run_to other $OTHER "$CONSOLE" "$u" version
		assertEquals "another uid: refused" 1 "$st"
		assertTrue "... saying so" "grep -q 'not the user' '$E2E_TMP/other.err'"
	fi

	# the loop is in sleep most of the time, not always: under load a
	# snapshot can fall between two sleeps, so look a few times
	# (tries_, not n_: run_to, which con calls, sets n_)
	tries_=0
	while :; do
		con "$u" sysrq t
		grep -Eq ' sleep$' "$E2E_TMP/con.out" || [ $tries_ -ge 20 ] && break
		tries_=$((tries_ + 1))
		sleep 0.05
	done
	assertEquals "sysrq t: status" 0 "$st"
	assertTrue "sysrq t lists sh" "grep -Eq ' sh\$' '$E2E_TMP/con.out'"
	assertTrue "sysrq t lists sleep" "grep -Eq ' sleep\$' '$E2E_TMP/con.out'" ||
		show "$E2E_TMP/con.out"

	con "$u" proc meminfo
	assertTrue "proc meminfo" "grep -q '^MemTotal:' '$E2E_TMP/con.out'"

	con "$u" log "hello-from-mconsole-$$"
	assertEquals "log: status" 0 "$st"
	: >"$d/want-dmesg"
	n_=0
	while [ -e "$d/want-dmesg" ] && [ $n_ -lt 100 ]; do sleep 0.1; n_=$((n_ + 1)); done
	assertTrue "dmesg inside shows the log line" \
		"grep -q 'hello-from-mconsole-$$' '$d/dmesg.out'"
	assertTrue "dmesg inside shows sysrq's output" "grep -q 'Show State' '$d/dmesg.out'"

	con "$u" config
	assertTrue "config: the root" "grep -q '^root: /' '$E2E_TMP/con.out'"

	run_to list $AS "$UMK" list
	assertTrue "umk list shows $u" "grep -q '^$u	' '$E2E_TMP/list.out'" ||
		show "$E2E_TMP/list.out"

	con "$u" no-such-command
	assertEquals "unknown command: status 1" 1 "$st"
	assertTrue "unknown command: said so" "grep -q 'unknown command' '$E2E_TMP/con.err'"

	run_to second $AS timeout -k 5 "$T" "$UMK" run --umid "$u" -- true
	assertEquals "a second umk with a live umid: refused" 125 "$st"
	assertTrue "... saying it is in use" "grep -q 'in use' '$E2E_TMP/second.err'"

	con "$u" stop
	assertEquals "stop: status" 0 "$st"
	sleep 0.3
	a_=$(cat "$d/count")
	sleep 1
	b_=$(cat "$d/count")
	assertEquals "the count stands still while stopped" "$a_" "$b_"
	con "$u" sysrq t
	assertTrue "sysrq t while stopped: frozen" "grep -q 'frozen' '$E2E_TMP/con.out'"
	con "$u" go
	assertEquals "go: status" 0 "$st"
	sleep 1
	c_=$(cat "$d/count")
	assertTrue "the count moves after go ($b_ -> $c_)" "[ '$c_' -gt '$b_' ]"

	con "$u" halt
	assertEquals "halt: status" 0 "$st"
	n_=0
	while kill -0 "$loop_pid" 2>/dev/null && [ $n_ -lt 100 ]; do sleep 0.1; n_=$((n_ + 1)); done
	if kill -0 "$loop_pid" 2>/dev/null; then
		fail "umk did not end within 10 s of halt"
		stop_loop
		return
	fi
	wait "$loop_pid"
	assertEquals "umk's status after halt" 0 $?
	con "$u" version
	assertEquals "no console after halt" 2 "$st"
}

testSession()
{
	XDG_RUNTIME_DIR=$E2E_TMP/xdg
	export XDG_RUNTIME_DIR
	mkdir -p "$XDG_RUNTIME_DIR"
	session self
	assertFalse "the umid directory is gone after halt" "[ -e '$XDG_RUNTIME_DIR/umk/T$$-self' ]"
	unset XDG_RUNTIME_DIR
}

# As uid 65534 with XDG_RUNTIME_DIR unset: ~/.umk in a HOME it owns.
testSessionAsNobody()
{
	[ "$(id -u)" = 0 ] || { skip_test "not root: cannot run as uid 65534"; return 0; }
	home_=$E2E_TMP/nobody-home
	mkdir -p "$home_"
	chown 65534:65534 "$home_"
	AS="env -u XDG_RUNTIME_DIR HOME=$home_ $NOBODY"
	OTHER="env -u XDG_RUNTIME_DIR HOME=$home_"
	session nobody
	OTHER=
	assertTrue "~/.umk is mode 0700" "[ \"\$(stat -c %a '$home_/.umk')\" = 700 ]"
	assertFalse "the umid directory is gone" "[ -e '$home_/.umk/T$$-nobody' ]"
	AS=
}

# A HOME that cannot be written: --umid says what fails; without it umk
# runs (the console is given up, said with -v).
testUnwritableHome()
{
	[ "$(id -u)" = 0 ] || { skip_test "not root: cannot run as uid 65534"; return 0; }
	AS="env -u XDG_RUNTIME_DIR HOME=/nonexistent $NOBODY"
	run_to nohome umk run --umid X -- true
	assertEquals "--umid with no writable HOME: status" 120 "$st"
	assertTrue "... names what fails" \
		"grep -q 'cannot make /nonexistent/.umk' '$E2E_TMP/nohome.err'" ||
		show "$E2E_TMP/nohome.err"
	run_to nohome2 umk run -- true
	assertEquals "without --umid umk runs anyway" 0 "$st"
	assertFalse "... quietly" "[ -s '$E2E_TMP/nohome2.err' ]"
	AS=
}

testBadUmid()
{
	run_to bad umk run --umid ../x -- true
	assert_umk_error bad 125
}

# A umk killed with SIGKILL leaves its socket: umk list does not show it
# (and takes it away), and its umid can be used again.
testStaleSocketReplaced()
{
	XDG_RUNTIME_DIR=$E2E_TMP/xdg
	export XDG_RUNTIME_DIR
	d=$E2E_TMP/stale
	mkdir -p "$d"
	start_loop "$d" "S$$" || return
	pid_=$("$UMK" list | sed -n "s/^S$$	\([0-9]*\)	.*/\1/p")
	assertNotNull "umk list shows S$$" "$pid_"
	kill -KILL "$pid_"
	wait "$loop_pid" 2>/dev/null
	assertTrue "the socket is left behind" "[ -S '$XDG_RUNTIME_DIR/umk/S$$/mconsole' ]"
	run_to list2 "$UMK" list
	assertFalse "umk list does not show a killed umk" "grep -q '^S$$	' '$E2E_TMP/list2.out'"
	run_to again umk run --umid "S$$" -- true
	assertEquals "the umid of a killed umk can be used again" 0 "$st" ||
		show "$E2E_TMP/again.err"
	unset XDG_RUNTIME_DIR
}

# SIGQUIT: the task dump on stderr, and umk goes on.
testSigquitDump()
{
	XDG_RUNTIME_DIR=$E2E_TMP/xdg
	export XDG_RUNTIME_DIR
	d=$E2E_TMP/quit
	mkdir -p "$d"
	start_loop "$d" "Q$$" || return
	pid_=$(sed -n "s/^Q$$	\([0-9]*\)	.*/\1/p" <<EOF2
$("$UMK" list)
EOF2
)
	kill -QUIT "$pid_"
	n_=0
	while ! grep -q 'Show State' "$d/umk.err" && [ $n_ -lt 50 ]; do
		sleep 0.1
		n_=$((n_ + 1))
	done
	assertTrue "the dump on stderr" "grep -q 'Show State' '$d/umk.err'"
	assertTrue "umk goes on" "kill -0 $loop_pid"
	"$CONSOLE" "Q$$" halt >/dev/null
	wait "$loop_pid"
	assertEquals "status after halt" 0 $?
	unset XDG_RUNTIME_DIR
}

. /usr/bin/shunit2
