#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Terminals inside umk: util-linux script(1) runs a command on a guest
# pseudo-terminal (posix_openpt, grantpt, unlockpt, ptsname, a new session
# with the slave as its controlling terminal), and tty, stty and ps inside
# see /dev/pts/N; an interactive bash on it reads typed lines and sets the
# window size with stty.  Outputs equal the native runs' (pty numbers
# aside: the host's ptys are in use by others).
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp tty || return 1
	command -v script >/dev/null || skip_all "script is not installed (util-linux)"
}

oneTimeTearDown()
{
	rm_tmp
}

# same_script NAME INPUT COMMAND: `script -qc COMMAND /dev/null` with INPUT
# on its stdin, natively and in umk; the outputs, pty numbers made N, must
# be the same.
same_script()
{
	printf '%s' "$2" >"$E2E_TMP/$1.in"
	native script -qc "$3" /dev/null <"$E2E_TMP/$1.in" >"$E2E_TMP/$1.native.raw" 2>&1
	n_st=$?
	umk run -- script -qc "$3" /dev/null <"$E2E_TMP/$1.in" >"$E2E_TMP/$1.umk.raw" 2>"$E2E_TMP/$1.umk.err"
	u_st=$?
	assertEquals "$1: exit status (native $n_st)" "$n_st" "$u_st"
	for w_ in native umk; do
		sed 's,pts/[0-9]*,pts/N,g' "$E2E_TMP/$1.$w_.raw" >"$E2E_TMP/$1.$w_.out"
	done
	if ! cmp -s "$E2E_TMP/$1.native.out" "$E2E_TMP/$1.umk.out"; then
		diff -u "$E2E_TMP/$1.native.out" "$E2E_TMP/$1.umk.out" | head -n 20
		show "$E2E_TMP/$1.umk.err"
		fail "$1: the output in umk differs from native (diff above)"
	fi
	assertTrue "$1: no output natively" "[ -s '$E2E_TMP/$1.native.out' ]"
}

testScriptRunsTtyAndSttySize()
{
	same_script tty_stty '' 'tty; stty size'
	assertTrue "no /dev/pts/N in the output" \
		"grep -q '^/dev/pts/N' '$E2E_TMP/tty_stty.umk.out'"
}

testPsShowsThePty()
{
	requires ps || return 0
	same_script ps '' 'ps -o tty=,stat= -p $$'
}

testInteractiveBashOnThePty()
{
	requires bash || return 0
	# When the typed lines are echoed (by the tty or by readline) depends
	# on timing: only what bash prints is compared.
	printf 'echo hi; stty size\necho $((6 * 7))\nexit\n' >"$E2E_TMP/bash.in"
	umk run -- script -qc 'stty rows 30 cols 100; exec bash --norc --noprofile -i' \
		/dev/null <"$E2E_TMP/bash.in" >"$E2E_TMP/bash.out" 2>"$E2E_TMP/bash.err"
	assertEquals "bash's status" 0 "$?"
	tr -d '\r' <"$E2E_TMP/bash.out" >"$E2E_TMP/bash.lines"
	assertTrue "no window size 30 100" "grep -qx '30 100' '$E2E_TMP/bash.lines'"
	assertTrue "no 42" "grep -q '42\$' '$E2E_TMP/bash.lines'"
	assertTrue "no prompt" "grep -q 'bash-[0-9.]*[#$] ' '$E2E_TMP/bash.lines'"
}

. /usr/bin/shunit2
