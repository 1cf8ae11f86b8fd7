# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=sh
#
# Helpers for umk's shunit2 suites (tests/e2e/*.sh, tests/security/*.sh).
# A suite sources this file first and /usr/bin/shunit2 last.  POSIX sh.
#
#   UMK           the umk under test (default: build/umk of this checkout)
#   TEST_TIMEOUT  seconds allowed to each command (default 60)
#   E2E_TMP       a scratch directory for the suite, inside build/tests/tmp
#                 (not /tmp: a guest sees umk's private /tmp, not the host's)
#   AS            a command prefix that runs as another user (empty: as is)

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
UMK=${UMK:-$PWD/build/umk}
T=${TEST_TIMEOUT:-60}
AS=${AS:-}
E2E_TMP=

# users: the users a test runs as, one word each: "as-is" (the suite's own),
# and "nobody" (uid 65534) too when the suite runs as root.  prefix USER:
# the command prefix that runs as USER (empty for as-is).
NOBODY='setpriv --reuid=65534 --regid=65534 --clear-groups'

users()
{
	echo as-is
	[ "$(id -u)" = 0 ] && echo nobody
}

prefix()
{
	[ "$1" = nobody ] && echo "$NOBODY"
}

# skip_test REASON: the rest of this test is skipped, and the driver says why.
skip_test()
{
	echo "@@SKIP $*"
	startSkipping
}

# requires PROGRAM...: skip this test (return 1) unless every PROGRAM exists.
#   requires /usr/bin/python3 || return 0
requires()
{
	for r_; do
		if [ ! -x "$r_" ] && ! command -v "$r_" >/dev/null 2>&1; then
			skip_test "$r_ is not installed on this host"
			return 1
		fi
	done
}

# skip_all REASON: every test of the suite becomes a skip with REASON.
# Call from oneTimeSetUp (shunit2 runs the tests afterwards, by name).
skip_all()
{
	SKIP_ALL_REASON=$* # read by the functions defined below
	# shellcheck disable=SC2013 # test names are words
	for t_ in $(sed -n 's/^[[:space:]]*\(test[A-Za-z0-9_]*\)[[:space:]]*().*/\1/p' "$0"); do
		eval "$t_() { skip_test \"\$SKIP_ALL_REASON\"; }"
	done
}

# make_tmp NAME: create E2E_TMP (world-readable, so that uid 65534 can use
# what the suite puts there).  rm_tmp removes it.
make_tmp()
{
	mkdir -p "$ROOT/build/tests/tmp"
	E2E_TMP=$(mktemp -d "$ROOT/build/tests/tmp/$1.XXXXXX") || return 1
	chmod 755 "$E2E_TMP"
}

rm_tmp()
{
	[ -n "$E2E_TMP" ] && rm -rf "$E2E_TMP"
}

# native CMD...: run CMD on the host (as $AS), with the timeout.
native()
{
	# $AS is a command prefix: split it on purpose.
	# shellcheck disable=SC2086
	$AS timeout -k 5 "$T" "$@"
}

# umk ARGS...: run "$UMK ARGS" (as $AS), with the timeout.
umk()
{
	# shellcheck disable=SC2086
	$AS timeout -k 5 "$T" "$UMK" "$@"
}

# Output goes to files, never through $(...): a stray process left behind by
# a broken umk would keep a pipe open and hang the suite.
# run_to NAME CMD...: CMD's stdout in $E2E_TMP/NAME.out, stderr in NAME.err,
# status in $st.  (Its own variable is rt_: suites count in n_ around it.)
run_to()
{
	rt_=$1
	shift
	"$@" >"$E2E_TMP/$rt_.out" 2>"$E2E_TMP/$rt_.err"
	st=$?
}

# show FILE [LINES]: print the head of a file, indented, for a failure.
show()
{
	echo "--- ${1##*/}:"
	head -n "${2:-15}" "$1" | sed 's/^/  /'
}

# assert_same_as_native NAME CMD...: CMD natively and under `umk run --`
# exits with the same status and prints the same bytes on stdout.
assert_same_as_native()
{
	a_name=$1
	shift
	run_to "$a_name.native" native "$@"
	a_native=$st
	run_to "$a_name.umk" umk run -- "$@"
	a_umk=$st
	assertEquals "$a_name: exit status under umk (native: $a_native)" \
		"$a_native" "$a_umk"
	if ! cmp -s "$E2E_TMP/$a_name.native.out" "$E2E_TMP/$a_name.umk.out"; then
		diff -u "$E2E_TMP/$a_name.native.out" "$E2E_TMP/$a_name.umk.out" |
			head -n 20
		show "$E2E_TMP/$a_name.umk.err"
		fail "$a_name: stdout under umk differs from native (diff above)"
	fi
	# A test that compares two empty outputs proves little.
	assertTrue "$a_name: no output natively" "[ -s '$E2E_TMP/$a_name.native.out' ]"
}

# assert_umk_error NAME WANT_STATUS [LABEL]: the run saved as NAME (run_to)
# exited with WANT_STATUS and printed exactly one line on stderr, starting
# "umk: ".
assert_umk_error()
{
	e_label=${3:-$1}
	assertEquals "$e_label: exit status" "$2" "$st"
	e_lines=$(wc -l <"$E2E_TMP/$1.err")
	if [ "$e_lines" != 1 ] || ! grep -q '^umk: ' "$E2E_TMP/$1.err"; then
		show "$E2E_TMP/$1.err"
		fail "$e_label: stderr is not exactly one line starting 'umk: ' ($e_lines lines)"
	fi
}

# A terminal in tmux (boot.sh, sysvinit.sh): the session "b" of the tmux
# server on socket $TMUX_SOCK, which pane_boot starts and the suite kills.
# pane_wait REGEX: up to 10 s for a line of the pane to match (fails
# the test, with the pane, if none does).
pane_wait()
{
	i_=0
	while [ $i_ -lt 50 ]; do
		tmux -L "$TMUX_SOCK" capture-pane -p -t b | grep -q -e "$1" && return 0
		sleep 0.2
		i_=$((i_ + 1))
	done
	fail "no '$1' on the terminal within 10 s"
	tmux -L "$TMUX_SOCK" capture-pane -p -t b | grep -v '^$' | tail -n 15
	return 1
}

# pane_type TEXT: TEXT and Enter.
pane_type()
{
	tmux -L "$TMUX_SOCK" send-keys -t b -l "$1"
	tmux -L "$TMUX_SOCK" send-keys -t b Enter
}

# pane_boot NAME [ARG]: `umk boot -r $TREE [ARG]` on the terminal of a new
# tmux server (socket umk-NAME-PID, size 100x30), ^C not ending the shell
# around it; after umk, "UMK-EXIT status" and the terminal's icanon and
# echo flags.
pane_boot()
{
	TMUX_SOCK=umk-$1-$$
	tmux -L "$TMUX_SOCK" new-session -d -s b -x 100 -y 30 \
		"sh -c 'trap : INT; \"$UMK\" boot -r \"$TREE\" ${2:-}; echo UMK-EXIT \$?; \
stty -a | grep -o -e \"-*icanon\" -e \"-*echo \" | tr \"\\n\" \" \"; echo; sleep 60'"
}

# pane_interrupt: a sleep at the pane's shell, then ^C.
pane_interrupt()
{
	pane_type 'sleep 100'
	sleep 0.5
	tmux -L "$TMUX_SOCK" send-keys -t b C-c
}

# busybox_tree APPLET...: $TREE, a root of $BUSYBOX with these applets in
# /bin, busybox as /sbin/init and a root without a password.
busybox_tree()
{
	mkdir -p "$TREE/bin" "$TREE/sbin" "$TREE/etc" "$TREE/root" "$TREE/tmp" \
		"$TREE/dev" "$TREE/proc" "$TREE/sys"
	cp "$BUSYBOX" "$TREE/bin/busybox"
	for x in "$@"; do
		ln -s busybox "$TREE/bin/$x"
	done
	ln -s ../bin/busybox "$TREE/sbin/init"
	echo 'root::0:0:root:/root:/bin/sh' >"$TREE/etc/passwd"
}

# console_retry UMID CMD: umk-console UMID CMD until it succeeds (the
# management console may not be up yet, or be going down), 5 s at most;
# its output in $E2E_TMP/con.out.
console_retry()
{
	n_=0
	until "$CONSOLE" "$1" "$2" >"$E2E_TMP/con.out" 2>&1 || [ $n_ -ge 50 ]; do
		sleep 0.1
		n_=$((n_ + 1))
	done
}

# A boot with a fifo for a console (boot.sh, sysvinit.sh).  boot_fifo
# ARGS...: `umk boot ARGS...` in the background ($AS, under timeout $T;
# $boot_pid), its stdin the fifo $E2E_TMP/in, kept open on fd 3, its output
# in $E2E_TMP/b.out and b.err.  BOOT_WAIT: how long boot_wait_for and
# boot_end wait, in tenths of a second (default 100).
boot_fifo()
{
	# (no output of an earlier boot: umk opens b.out only once fd 3 is)
	rm -f "$E2E_TMP/in" "$E2E_TMP/b.out" "$E2E_TMP/b.err"
	mkfifo "$E2E_TMP/in"
	$AS timeout -k 5 "$T" "$UMK" boot "$@" <"$E2E_TMP/in" \
		>"$E2E_TMP/b.out" 2>"$E2E_TMP/b.err" &
	boot_pid=$!
	exec 3>"$E2E_TMP/in"
}

# boot_count TEXT: how many lines of the boot's output have TEXT (0 before
# there is output)
boot_count()
{
	c_=$(grep -c -e "$1" "$E2E_TMP/b.out" 2>/dev/null)
	echo "${c_:-0}"
}

# boot_wait_for TEXT [N]: until the boot's output has N (default 1) lines
# with TEXT; fails the test, with the output, if it does not in time.
boot_wait_for()
{
	n_=0
	while [ "$(boot_count "$1")" -lt "${2:-1}" ] && [ $n_ -lt "${BOOT_WAIT:-100}" ]; do
		sleep 0.1
		n_=$((n_ + 1))
	done
	[ "$(boot_count "$1")" -ge "${2:-1}" ] && return 0
	fail "no '$1' (${2:-1}) from umk boot within $((${BOOT_WAIT:-100} / 10)) s"
	show "$E2E_TMP/b.out" 30
	show "$E2E_TMP/b.err" 30
	return 1
}

# boot_end [STATUS]: the boot ($boot_pid) ends in time with STATUS
# (default 0); fd 3 is closed.
boot_end()
{
	n_=0
	while kill -0 "$boot_pid" 2>/dev/null && [ $n_ -lt "${BOOT_WAIT:-100}" ]; do
		sleep 0.1
		n_=$((n_ + 1))
	done
	exec 3>&-
	if kill -0 "$boot_pid" 2>/dev/null; then
		fail "umk boot did not end within $((${BOOT_WAIT:-100} / 10)) s"
		show "$E2E_TMP/b.out" 30
		kill "$boot_pid"
		wait "$boot_pid"
		return
	fi
	wait "$boot_pid"
	assertEquals "umk's status" "${1:-0}" "$?"
}
