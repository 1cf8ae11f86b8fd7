#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2086,SC2016,SC2317,SC2154
# ($AS is a command prefix, split on purpose; the guest's commands are in
# single quotes; shunit2 calls the test functions; lib.sh's run_to sets
# $st.)
#
# umk boot, the UML/vkernel mode, on a tree made from the host's busybox
# (busybox-static): -s and init=/bin/sh run the commands of a here-document
# and poweroff -f / halt -f / reboot -f end umk with status 0 (reboot says
# it cannot restart); init's exit status is umk's; -e sets init's
# environment; init survives kill -TERM 1 and kill -KILL 1; busybox init
# with an inittab prints its sysinit line, gives a shell on the console,
# and ends cleanly on `umk-console UMID halt` and on the shell's `halt`
# (running the shutdown action); bad boot command lines are refused (125).
. "$(dirname "$0")/lib.sh"

CONSOLE=${UMK_CONSOLE:-$(dirname "$UMK")/umk-console}
BUSYBOX=/bin/busybox

oneTimeSetUp()
{
	make_tmp boot || return 1
	[ -x "$BUSYBOX" ] || { skip_all "$BUSYBOX is not there (busybox-static)"; return 0; }
	TREE=$E2E_TMP/tree
	mkdir -p "$TREE/bin" "$TREE/sbin" "$TREE/etc" "$TREE/root" "$TREE/tmp" \
		"$TREE/dev" "$TREE/proc" "$TREE/sys"
	cp "$BUSYBOX" "$TREE/bin/busybox"
	for x in sh ls echo cat mount sleep kill id halt reboot poweroff getty login; do
		ln -s busybox "$TREE/bin/$x"
	done
	ln -s ../bin/busybox "$TREE/sbin/init"
	echo 'root::0:0:root:/root:/bin/sh' >"$TREE/etc/passwd"
	cat >"$TREE/etc/inittab" <<'END'
::sysinit:/bin/echo booted
::askfirst:-/bin/sh
::ctrlaltdel:/bin/reboot
::shutdown:/bin/echo going down
END
	chmod -R a+rwX "$TREE"
}

oneTimeTearDown()
{
	rm_tmp
}

# single user (-s) as each user: the here-document's commands, then
# poweroff -f ends umk with status 0 before the last line
testSingleUserPoweroff()
{
	for u_ in $(users); do
		AS=$(prefix "$u_")
		umk boot -r "$TREE" -s >"$E2E_TMP/s.out" 2>"$E2E_TMP/s.err" <<'END'
echo hello
poweroff -f
echo not-reached
END
		assertEquals "$u_: status" 0 "$?"
		assertTrue "$u_: hello" "grep -qx hello '$E2E_TMP/s.out'" || show "$E2E_TMP/s.err"
		assertFalse "$u_: stopped at poweroff" "grep -q not-reached '$E2E_TMP/s.out'"
	done
	AS=
}

testInitShellEnvAndExitStatus()
{
	umk boot -r "$TREE" init=/bin/sh -e FOO=bar:PATH=/bin:/sbin \
		>"$E2E_TMP/i.out" 2>"$E2E_TMP/i.err" <<'END'
echo "$FOO $PATH $HOME $TERM $$"
exit 3
END
	assertEquals "init's status is umk's" 3 "$?"
	assertEquals "environment and pid" "bar /bin:/sbin / linux 1" "$(cat "$E2E_TMP/i.out")" ||
		show "$E2E_TMP/i.err"
}

testHaltAndRebootForce()
{
	umk boot -r "$TREE" -s >"$E2E_TMP/h.out" 2>"$E2E_TMP/h.err" <<'END'
echo up
halt -f
END
	assertEquals "halt -f: status" 0 "$?"
	assertTrue "halt -f: ran" "grep -qx up '$E2E_TMP/h.out'"
	umk boot -r "$TREE" -s >"$E2E_TMP/r.out" 2>"$E2E_TMP/r.err" <<'END'
reboot -f
echo not-reached
END
	assertEquals "reboot -f: status" 0 "$?"
	assertTrue "reboot -f: says it cannot restart" \
		"grep -q 'restart requested' '$E2E_TMP/r.err'" || show "$E2E_TMP/r.err"
	assertFalse "reboot -f: stopped" "grep -q not-reached '$E2E_TMP/r.out'"
}

# Linux's init is SIGNAL_UNKILLABLE: signals with the default action from
# inside are dropped, SIGKILL too.
testInitIsUnkillable()
{
	umk boot -r "$TREE" init=/bin/sh >"$E2E_TMP/k.out" 2>"$E2E_TMP/k.err" <<'END'
kill -TERM 1
kill -KILL 1
kill -INT 1
echo survived
poweroff -f
END
	assertEquals "status" 0 "$?"
	assertTrue "init survived" "grep -qx survived '$E2E_TMP/k.out'" || show "$E2E_TMP/k.err"
}

# busybox init with the inittab, its console a fifo this test writes to
# (fd 3 keeps it open); boot_start UMID starts it ($boot_pid) and waits
# for "booted".
boot_start()
{
	# the umid's socket in the suite's own runtime directory: HOME may
	# not be writable (tests run as uid 65534 with HOME=/nonexistent)
	XDG_RUNTIME_DIR=$E2E_TMP/xdg
	export XDG_RUNTIME_DIR
	mkdir -p "$XDG_RUNTIME_DIR"
	rm -f "$E2E_TMP/in"
	mkfifo "$E2E_TMP/in"
	timeout -k 5 "$T" "$UMK" boot -r "$TREE" umid="$1" <"$E2E_TMP/in" \
		>"$E2E_TMP/b.out" 2>"$E2E_TMP/b.err" &
	boot_pid=$!
	exec 3>"$E2E_TMP/in"
	wait_for booted || return 1
}

# wait_for TEXT: until umk's output has TEXT (10 s)
wait_for()
{
	n_=0
	while ! grep -q "$1" "$E2E_TMP/b.out" && [ $n_ -lt 100 ]; do
		sleep 0.1
		n_=$((n_ + 1))
	done
	grep -q "$1" "$E2E_TMP/b.out" && return 0
	fail "no '$1' from umk boot within 10 s"
	show "$E2E_TMP/b.out"
	show "$E2E_TMP/b.err"
	return 1
}

# boot_end: umk ends within 10 s with status 0
boot_end()
{
	n_=0
	while kill -0 "$boot_pid" 2>/dev/null && [ $n_ -lt 100 ]; do
		sleep 0.1
		n_=$((n_ + 1))
	done
	exec 3>&-
	if kill -0 "$boot_pid" 2>/dev/null; then
		fail "umk boot did not end within 10 s"
		kill "$boot_pid"
		wait "$boot_pid"
		return
	fi
	wait "$boot_pid"
	assertEquals "umk's status" 0 "$?"
}

testBusyboxInitMconsoleHalt()
{
	[ -x "$CONSOLE" ] || { skip_test "$CONSOLE is not there"; return 0; }
	boot_start "B$$" || return
	printf '\necho in-shell-$((6 * 7))\n' >&3
	wait_for in-shell-42
	run_to con "$CONSOLE" "B$$" halt
	assertEquals "umk-console halt: status" 0 "$st"
	boot_end
	unset XDG_RUNTIME_DIR
}

# the shell's halt (no -f) signals init, which runs the shutdown action
# and calls reboot(2)
testBusyboxInitShellHalt()
{
	boot_start "C$$" || return
	printf '\nhalt\n' >&3
	boot_end
	assertTrue "the shutdown action ran" "grep -q 'going down' '$E2E_TMP/b.out'" ||
		show "$E2E_TMP/b.out"
}

testBadCommandLines()
{
	run_to noroot umk boot -s
	assert_umk_error noroot 125
	run_to con1 umk boot -r "$TREE" con1=pty
	assert_umk_error con1 125
	run_to word umk boot -r "$TREE" what
	assert_umk_error word 125
	run_to runs umk run -s true
	assert_umk_error runs 125
	run_to noinit umk boot -r "$TREE" init=/no/such/init
	assertEquals "a missing init: 127" 127 "$st"
}

. /usr/bin/shunit2
