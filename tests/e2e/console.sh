#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# umk's console on a real terminal: an interactive bash inside
# `umk run -- bash` in a tmux pane (the suite's own tmux server), typed
# with send-keys and read with capture-pane.  Typed lines run, ^C ends a
# foreground sleep and bash goes on, ^Z stops a job that fg and bg move
# (job control), less and vi draw and quit, `stty size` follows the pane's
# size (and a resize sends SIGWINCH to the foreground job), and the pane's
# terminal modes are the same after umk as before it, also when umk is
# killed by SIGTERM while bash's readline had the terminal in its raw-ish
# mode, and while umk is stopped by SIGTSTP from outside.  The console is
# a tty of umk's: `tty` is /dev/console, `stty -a` inside shows umk's line
# discipline (icanon, echo) while the pane's own terminal is raw, a
# background writer with tostop is stopped by SIGTTOU and a background cat
# by SIGTTIN; a piped stdin stays a pipe, and a piped stdout leaves the
# terminal's modes alone (the pass-through).  `umk boot` of a busybox tree
# whose inittab runs getty on the console gives a login prompt, root logs
# in (no password) to a shell on /dev/console, and its exit brings the
# login prompt back (respawn).
. "$(dirname "$0")/lib.sh"

TMUX_SOCK=

CONSOLE=${UMK_CONSOLE:-$(dirname "$UMK")/umk-console}
BUSYBOX=/bin/busybox

oneTimeSetUp()
{
	make_tmp console || return 1
	exec 9>&1
	if ! command -v tmux >/dev/null || ! command -v bash >/dev/null; then
		skip_all "tmux or bash is not installed"
		return 0
	fi
	# the umids' sockets in the suite's own runtime directory
	XDG_RUNTIME_DIR=$E2E_TMP/xdg
	export XDG_RUNTIME_DIR
	mkdir -p "$XDG_RUNTIME_DIR"
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
	start_cmd "\"$UMK\" run -- bash --norc -i"
	wait_for 'bash-[0-9.]*[#$]' && return 0
	fail "no prompt from umk's bash"
	return 1
}

# start_cmd CMD: a 100x30 pane running CMD (sh -c's quoting, single
# quotes excluded); after it, the pane prints UMK-EXIT and the icanon/echo
# flags of its terminal, then waits.
start_cmd()
{
	tm kill-session -t c 2>/dev/null
	tm new-session -d -s c -x 100 -y 30 \
		"sh -c 'trap : INT; $1; echo UMK-EXIT \$?; \
stty -a | grep -o -e \"-*icanon\" -e \"-*echo \" | tr \"\\n\" \" \"; echo; sleep 60'"
}

screen()
{
	tm capture-pane -p -t c
}

# screen_shown: the pane's last lines, for a failure (on fd 9: shunit2's
# assertTrue throws away what its condition prints).
screen_shown()
{
	{
		echo "--- the pane:"
		screen | grep -v '^$' | tail -n 15 | sed 's/^/  /'
	} >&9
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
	screen_shown
	return 1
}

# wait_for_after LINE REGEX: wait_for REGEX on a line after one with LINE.
wait_for_after()
{
	i_=0
	while [ $i_ -lt 50 ]; do
		screen | sed -n "/$1/,\$p" | grep -q -e "$2" && return 0
		sleep 0.2
		i_=$((i_ + 1))
	done
	screen_shown
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
		"$(screen | grep -c 'Running  *sleep 100 &')" || screen_shown
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
	# (keys typed before less is gone may be read and dropped by it)
	assertTrue "less did not end" "wait_for_after 'seq.txt' '^bash-[0-9.]*[#$] *$'"
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
	# (keys typed before vi is gone may be read and dropped by it)
	assertTrue "vi did not end" "wait_for_after 'vi.txt' '^bash-[0-9.]*[#$] *$'"
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

# umk stopped from outside (kill -TSTP) gives the terminal back in the
# user's modes; SIGCONT makes it raw again and the console goes on.
testModesPutBackWhileStopped()
{
	start || return
	pid=$(umk_pid)
	pane_tty=$(tm display -p -t c '#{pane_tty}')
	assertNotNull "no umk process" "$pid"
	[ -n "$pid" ] || return
	stty -a -F "$pane_tty" >"$E2E_TMP/raw.stty" 2>&1
	assertTrue "the terminal is not raw while umk runs" \
		"grep -q -- ' -icanon' '$E2E_TMP/raw.stty'"
	kill -TSTP "$pid"
	sleep 0.5
	stty -a -F "$pane_tty" >"$E2E_TMP/stopped.stty" 2>&1
	assertTrue "the modes are not put back while umk is stopped" \
		"grep -q -- ' icanon' '$E2E_TMP/stopped.stty'"
	kill -CONT "$pid"
	sleep 0.5
	stty -a -F "$pane_tty" >"$E2E_TMP/cont.stty" 2>&1
	assertTrue "the terminal is not raw again after SIGCONT" \
		"grep -q -- ' -icanon' '$E2E_TMP/cont.stty'"
	type_line 'echo "go""ing on"'
	assertTrue "the console does not go on" "wait_for '^going on$'"
	type_line exit
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

# The console is umk's tty: the pane's terminal is raw while the line
# discipline inside is canonical with echo.
testConsoleIsUmksTty()
{
	start || return
	type_line 'tty; stty -a | grep -o -e "-*icanon" -e "-*echo " | tr "\n" " "; echo "in""side"'
	assertTrue "tty is not /dev/console" "wait_for '^/dev/console$'"
	assertTrue "umk's termios is not canonical with echo" \
		"wait_for '^icanon echo *inside$'"
	pane_tty=$(tm display -p -t c '#{pane_tty}')
	stty -a -F "$pane_tty" >"$E2E_TMP/host.stty" 2>&1
	assertTrue "the pane's terminal is not raw (-icanon -echo -isig)" \
		"grep -q -- '-isig -icanon' '$E2E_TMP/host.stty' && grep -q -- '-echo ' '$E2E_TMP/host.stty'" ||
		show "$E2E_TMP/host.stty"
	type_line 'ps -o tty= -p $$'
	assertTrue "ps does not show the console" "wait_for '^console *$'"
	type_line exit
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

testTostopStopsABackgroundWriter()
{
	start || return
	type_line '/bin/echo fore""ground & sleep 1'
	assertTrue "without tostop a background writer writes" "wait_for '^foreground$'"
	type_line 'stty tostop; /bin/echo back""ground & sleep 1; jobs'
	assertTrue "the background writer was not stopped by SIGTTOU" \
		"wait_for 'Stopped  *.*/bin/echo'"
	type_line 'stty -tostop; fg'
	assertTrue "no output after fg" "wait_for '^background$'"
	type_line exit
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

testBackgroundCatGetsSigttin()
{
	start || return
	type_line 'cat & sleep 1; jobs'
	assertTrue "the background cat was not stopped by SIGTTIN" \
		"wait_for 'Stopped  *cat'"
	type_line 'kill -KILL %1; sleep 0.5; echo "killed ""it"'
	assertTrue "no prompt after the kill" "wait_for '^killed it$'"
	type_line exit
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

# A pipe on stdin: the console is the pass-through, the pipe stays a pipe
# and the terminal on stdout is still one.
testPipedStdinStaysAPipe()
{
	start_cmd "echo pi""ped | \"$UMK\" run -- sh -c \"tty; cat; test -t 1 && echo out-is-a-tty\""
	assertTrue "stdin is not 'not a tty'" "wait_for '^not a tty$'"
	assertTrue "the pipe's data" "wait_for '^piped$'"
	assertTrue "stdout is not a terminal" "wait_for '^out-is-a-tty$'"
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

# stdout on a pipe (`umk run -- make | less`): the terminal's keys are
# not umk's, its modes stay as they are.
testPipedStdoutLeavesTheTerminalAlone()
{
	start_cmd "\"$UMK\" run -- sh -c \"echo run""ning; sleep 3\" | cat"
	assertTrue "umk did not start" "wait_for '^running$'"
	pane_tty=$(tm display -p -t c '#{pane_tty}')
	stty -a -F "$pane_tty" >"$E2E_TMP/host.stty" 2>&1
	assertTrue "umk changed the modes of the terminal" \
		"grep -q -- ' icanon' '$E2E_TMP/host.stty'" || show "$E2E_TMP/host.stty"
	assertTrue "umk did not end" "wait_for '^UMK-EXIT 0$'"
}

# busybox init, its inittab's getty on the console, login, a shell, exit,
# getty again
testBusyboxGettyLoginAndRespawn()
{
	[ -x "$BUSYBOX" ] || { skip_test "$BUSYBOX is not there (busybox-static)"; return 0; }
	tree=$E2E_TMP/tree
	mkdir -p "$tree/bin" "$tree/sbin" "$tree/etc" "$tree/root" "$tree/tmp" \
		"$tree/dev" "$tree/proc" "$tree/sys"
	cp "$BUSYBOX" "$tree/bin/busybox"
	for x in sh echo cat sleep halt reboot poweroff login tty; do
		ln -sf busybox "$tree/bin/$x"
	done
	ln -sf ../bin/busybox "$tree/sbin/init"
	ln -sf ../bin/busybox "$tree/sbin/getty"
	echo 'root::0:0:root:/root:/bin/sh' >"$tree/etc/passwd"
	echo 'root:x:0:' >"$tree/etc/group"
	cat >"$tree/etc/inittab" <<'END'
::sysinit:/bin/echo booted
::respawn:/sbin/getty -L 0 console
::shutdown:/bin/echo going down
END
	start_cmd "\"$UMK\" boot -r $tree umid=G$$"
	assertTrue "no login prompt" "wait_for 'login: *$'" || return
	type_line root
	assertTrue "no shell prompt after login" "wait_for '^/root # *$'"
	# shellcheck disable=SC2016 # the guest's shell expands it
	type_line 'tty; echo "in-shell-$((6 * 7))"'
	assertTrue "the shell's tty is not /dev/console" "wait_for '^/dev/console$'"
	assertTrue "the shell does not run commands" "wait_for '^in-shell-42$'"
	type_line exit
	assertTrue "no login prompt after the shell's exit (respawn)" \
		"wait_for_after '# exit' 'login: *$'"
	if [ -x "$CONSOLE" ]; then
		"$CONSOLE" "G$$" halt >"$E2E_TMP/halt.out" 2>&1 || show "$E2E_TMP/halt.out"
		# (after getty's prompt, on its line)
		assertTrue "umk boot did not end on halt" "wait_for 'UMK-EXIT 0$'"
	fi
	tm kill-session -t c 2>/dev/null
}

. /usr/bin/shunit2
