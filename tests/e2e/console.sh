#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# umk's console on a real terminal: an interactive bash inside
# `umk run -- bash` in a tmux pane (the suite's own tmux server), typed
# with send-keys and read with capture-pane.  Typed lines run, ^C ends a
# foreground sleep and bash goes on, ^Z stops a job that fg and bg move
# (job control), less and vi draw and quit, `stty size` follows the pane's
# size (and a resize sends SIGWINCH to the foreground job), and the pane's terminal modes are the same after umk as before it,
# also when umk is killed by SIGTERM while bash's readline had the
# terminal in its raw-ish mode.
. "$(dirname "$0")/lib.sh"

TMUX_SOCK=

oneTimeSetUp()
{
	make_tmp console || return 1
	if ! command -v tmux >/dev/null || ! command -v bash >/dev/null; then
		skip_all "tmux or bash is not installed"
		return 0
	fi
	TMUX_SOCK=umk-console-$$
	# a session that stays: killing the test's session never ends the
	# server (a new session could race with its exit)
	tm new-session -d -s keep 'sleep 3600'
}

oneTimeTearDown()
{
	[ -n "$TMUX_SOCK" ] && tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	rm_tmp
}

tm()
{
	tmux -L "$TMUX_SOCK" "$@"
}

# start: a 100x30 pane running umk's bash; after umk, the pane prints
# UMK-EXIT and the icanon/echo flags of its terminal, then waits.
start()
{
	tm kill-session -t c 2>/dev/null
	tm new-session -d -s c -x 100 -y 30 \
		"sh -c 'trap : INT; \"$UMK\" run -- bash --norc -i; echo UMK-EXIT \$?; \
stty -a | grep -o -e \"-*icanon\" -e \"-*echo \" | tr \"\\n\" \" \"; echo; sleep 60'"
	wait_for 'bash-[0-9.]*[#$]' && return 0
	fail "no prompt from umk's bash"
	return 1
}

screen()
{
	tm capture-pane -p -t c
}

# wait_for REGEX: up to 10 s for a line of the pane to match.
wait_for()
{
	i_=0
	while [ $i_ -lt 50 ]; do
		screen | grep -q -e "$1" && return 0
		sleep 0.2
		i_=$((i_ + 1))
	done
	screen | grep -v '^$' | tail -n 15
	return 1
}

# type_line TEXT: TEXT and Enter.
type_line()
{
	tm send-keys -t c -l "$1"
	tm send-keys -t c Enter
}

umk_pid()
{
	pgrep -f "^$UMK run -- bash --norc -i" | head -n 1
}

testTypedLineRuns()
{
	start || return
	type_line 'echo "h""i"'
	assertTrue "echo hi printed nothing" "wait_for '^hi$'"
	type_line exit
	assertTrue "bash's exit does not end umk" "wait_for '^UMK-EXIT 0$'"
}

testSttySizeFollowsThePane()
{
	start || return
	type_line 'stty size'
	assertTrue "stty size is not 30 100" "wait_for '^30 100$'"
	tm resize-window -t c -x 120 -y 40
	type_line 'stty size'
	assertTrue "stty size is not 40 120 after the resize" "wait_for '^40 120$'"
	type_line exit
	wait_for '^UMK-EXIT' >/dev/null
}

testResizeSendsSigwinchToTheForegroundJob()
{
	start || return
	type_line 'bash -c '"'"'trap "echo got-winch; exit" WINCH; while :; do sleep 0.2; done'"'"
	sleep 1
	tm resize-window -t c -x 90 -y 25
	assertTrue "the foreground job got no SIGWINCH" "wait_for '^got-winch$'"
	type_line exit
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

testCtrlCInterruptsSleepAndBashSurvives()
{
	start || return
	type_line 'sleep 100'
	sleep 1
	tm send-keys -t c C-c
	type_line 'echo "status $?"'
	assertTrue "^C did not end sleep with SIGINT (or bash died)" \
		"wait_for '^status 130$'"
	type_line exit
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

testJobControlFgCtrlZBg()
{
	start || return
	type_line 'sleep 100 &'
	type_line jobs
	assertTrue "jobs: no running sleep" "wait_for 'Running  *sleep 100 &'"
	type_line fg
	sleep 1
	tm send-keys -t c C-z
	assertTrue "^Z did not stop the job" "wait_for 'Stopped  *sleep 100'"
	type_line bg
	type_line 'jobs; echo "jobs ""done"'
	assertTrue "jobs after bg" "wait_for '^jobs done$'"
	assertEquals "the job runs again after bg" 2 \
		"$(screen | grep -c 'Running  *sleep 100 &')"
	type_line 'kill %1; exit'
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

testLessDrawsAndQuits()
{
	requires less || return 0
	seq 1 200 >"$E2E_TMP/seq.txt"
	start || return
	type_line "less $E2E_TMP/seq.txt"
	assertTrue "less did not draw the file" "wait_for '^29$'"
	tm send-keys -t c q
	type_line 'echo "after ""less"'
	assertTrue "no prompt after less" "wait_for '^after less$'"
	type_line exit
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

testViDrawsAndQuits()
{
	requires vi || return 0
	seq 1 200 >"$E2E_TMP/vi.txt"
	start || return
	type_line "vi $E2E_TMP/vi.txt"
	assertTrue "vi did not draw the file" "wait_for '^28$'"
	tm send-keys -t c Escape
	type_line ':q'
	type_line 'echo "after ""vi"'
	assertTrue "no prompt after vi" "wait_for '^after vi$'"
	type_line exit
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

testModesRestoredAfterExit()
{
	start || return
	type_line exit
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
	assertTrue "the terminal's modes are not restored" "wait_for '^icanon echo *$'"
}

testModesRestoredAfterSigterm()
{
	start || return
	pid=$(umk_pid)
	assertNotNull "no umk process" "$pid"
	[ -n "$pid" ] || return
	kill -TERM "$pid"
	assertTrue "umk did not die of SIGTERM" "wait_for '^UMK-EXIT 143$'"
	assertTrue "the terminal's modes are not restored" "wait_for '^icanon echo *$'"
}

. /usr/bin/shunit2
