#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2086,SC2016,SC2317,SC2154
# ($AS is a command prefix, split on purpose; the guest's commands are in
# single quotes; shunit2 calls the test functions; lib.sh's run_to sets
# $st.)
#
# umk boot, the UML/vkernel mode, on a tree made from the host's busybox
# (busybox-static): -s and init=/bin/sh run the commands of a here-document
# and poweroff -f / halt -f end umk with status 0; reboot -f boots again
# (an init that counts its boots in the tree reboots once, then powers
# off: two boots, status 0, as each user), and so do `umk-console UMID
# reboot` (the console answers again after it) and `umk-console UMID cad`
# (at once while ctrl-alt-del is on; through busybox init's ctrlaltdel
# action once init turned it off); SIGTERM to umk in its
# second boot ends it (143) without a third; init's exit status is umk's;
# -e sets init's environment; init survives kill -TERM 1 and kill -KILL 1;
# busybox init with an inittab prints its sysinit line, gives a shell on
# the console, and ends cleanly on `umk-console UMID halt` and on the
# shell's `halt` (running the shutdown action); bad boot command lines are
# refused (125); on a terminal (tmux), ^C reaches the guest in both boots
# and the terminal's modes come back; the supervisor is confined (seccomp, no_new_privs, no
# capabilities; stdio and two pipes) and --print-policy says so.
# (tests/e2e/kill.sh: SIGKILL to umk boot leaves nothing behind.)
. "$(dirname "$0")/lib.sh"

CONSOLE=${UMK_CONSOLE:-$(dirname "$UMK")/umk-console}
BUSYBOX=/bin/busybox

oneTimeSetUp()
{
	make_tmp boot || return 1
	[ -x "$BUSYBOX" ] || { skip_all "$BUSYBOX is not there (busybox-static)"; return 0; }
	TREE=$E2E_TMP/tree
	busybox_tree sh ls echo cat mount sleep kill id halt reboot poweroff getty login setsid
	cat >"$TREE/etc/inittab" <<'END'
::sysinit:/bin/echo booted
::askfirst:-/bin/sh
::ctrlaltdel:/bin/reboot
::shutdown:/bin/echo going down
END
	# init=/count-init: counts its boots in /count; the first reboots (or,
	# with /cad, sleeps as init), later ones power off (or, with /stay,
	# sleep as init)
	cat >"$TREE/count-init" <<'END'
#!/bin/sh
n=$(($(cat /count 2>/dev/null || echo 0) + 1))
echo $n >/count
echo "boot $n"
case $n in
1) [ -e /cad ] && exec sleep 100; reboot -f ;;
*) [ -e /stay ] && exec sleep 100; poweroff -f ;;
esac
echo "boot $n: not reached"
END
	# init=/shell-init: counts its boots too, then an interactive shell
	cat >"$TREE/shell-init" <<'END'
#!/bin/sh
n=$(($(cat /count 2>/dev/null || echo 0) + 1))
echo $n >/count
echo "boot $n"
# the console as the shell's controlling terminal (init has none, as on
# Linux): a session of its own, as getty would give it
setsid -c /bin/sh -i
while :; do sleep 1000; done
END
	chmod a+x "$TREE/count-init" "$TREE/shell-init"
	chmod -R a+rwX "$TREE"
}

oneTimeTearDown()
{
	[ -n "${TMUX_SOCK:-}" ] && tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
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

testHaltForce()
{
	umk boot -r "$TREE" -s >"$E2E_TMP/h.out" 2>"$E2E_TMP/h.err" <<'END'
echo up
halt -f
END
	assertEquals "halt -f: status" 0 "$?"
	assertTrue "halt -f: ran" "grep -qx up '$E2E_TMP/h.out'"
}

# reboot -f boots again, from scratch: init counts two boots, then powers
# off (status 0); -v's kernel log has the restart and both boots
testRebootForceBootsAgain()
{
	for u_ in $(users); do
		AS=$(prefix "$u_")
		rm -f "$TREE/count" "$TREE/stay"
		umk boot -r "$TREE" init=/count-init -v >"$E2E_TMP/r.out" 2>"$E2E_TMP/r.err" </dev/null
		assertEquals "$u_: status" 0 "$?"
		assertEquals "$u_: two boots" "boot 1
boot 2" "$(cat "$E2E_TMP/r.out")" || show "$E2E_TMP/r.err" 30
		assertEquals "$u_: the count" 2 "$(cat "$TREE/count" 2>/dev/null)"
		assertTrue "$u_: the log: restarting" \
			"grep -q 'reboot: .*Restarting system' '$E2E_TMP/r.err'"
		assertTrue "$u_: the log: the second boot says it is a restart" \
			"grep -q 'booting after a restart (restart 1)' '$E2E_TMP/r.err'"
		assertEquals "$u_: the log: two inits" 2 "$(grep -c 'init: /count-init' "$E2E_TMP/r.err")"
		assertFalse "$u_: no 'cannot restart'" "grep -q 'restart requested' '$E2E_TMP/r.err'"
	done
	AS=
	rm -f "$TREE/count"
}

# SIGTERM to umk in its second boot ends it, killed by SIGTERM (143), and
# there is no third boot
testSigtermInSecondBootEndsIt()
{
	rm -f "$TREE/count" "$E2E_TMP/b.out"
	touch "$TREE/stay"
	timeout -k 5 "$T" "$UMK" boot -r "$TREE" init=/count-init \
		>"$E2E_TMP/b.out" 2>"$E2E_TMP/b.err" </dev/null &
	boot_pid=$!
	boot_wait_for "boot 2" || { kill -KILL "$boot_pid"; rm -f "$TREE/stay"; return; }
	sleep 0.5
	# the supervisor (timeout's child), seen from outside: confined,
	# holding stdio and two pipes
	sup_=$(pgrep -P "$boot_pid" | head -n 1)
	assertTrue "the supervisor: seccomp" "grep -q '^Seccomp:[[:space:]]*2' /proc/$sup_/status"
	assertTrue "the supervisor: no_new_privs" \
		"grep -q '^NoNewPrivs:[[:space:]]*1' /proc/$sup_/status"
	assertTrue "the supervisor: no capabilities" \
		"grep -q '^CapEff:[[:space:]]*0*$' /proc/$sup_/status"
	assertEquals "the supervisor: stdio and two pipes" "0 1 2 pipe pipe" \
		"$(for f_ in /proc/$sup_/fd/*; do
			l_=$(readlink "$f_"); case $l_ in pipe:*) echo pipe ;; *) echo "${f_##*/}" ;; esac
		done | sort | tr '\n' ' ' | sed 's/ $//')"
	kill -TERM "$boot_pid"
	boot_end 143
	assertFalse "no third boot" "grep -q 'boot 3' '$E2E_TMP/b.out'"
	rm -f "$TREE/count" "$TREE/stay"
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
	boot_fifo -r "$TREE" umid="$1"
	boot_wait_for booted || return 1
}

testBusyboxInitMconsoleHalt()
{
	[ -x "$CONSOLE" ] || { skip_test "$CONSOLE is not there"; return 0; }
	boot_start "B$$" || return
	printf '\necho in-shell-$((6 * 7))\n' >&3
	boot_wait_for in-shell-42
	run_to con "$CONSOLE" "B$$" halt
	assertEquals "umk-console halt: status" 0 "$st"
	boot_end
	unset XDG_RUNTIME_DIR
}

# umk-console reboot boots again: busybox init's sysinit line comes twice,
# the management console answers again under the same umid, and umk list
# shows the instance with the same pid; halt then ends it
testBusyboxInitMconsoleReboot()
{
	[ -x "$CONSOLE" ] || { skip_test "$CONSOLE is not there"; return 0; }
	boot_start "R$$" || return
	"$UMK" list >"$E2E_TMP/list1.out"
	run_to con "$CONSOLE" "R$$" reboot
	assertEquals "umk-console reboot: status" 0 "$st"
	assertTrue "umk-console reboot: restarting" "grep -qx restarting '$E2E_TMP/con.out'" ||
		show "$E2E_TMP/con.out"
	boot_wait_for booted 2
	# the new umk makes its socket a little after init starts
	console_retry "R$$" version
	assertTrue "the console answers after the restart" "grep -q '^umk ' '$E2E_TMP/con.out'" ||
		show "$E2E_TMP/con.out"
	# umk list: the same line, with the pid timeout started (umk's
	# supervisor), before and after
	"$UMK" list >"$E2E_TMP/list2.out"
	pid_=$(sed -n "s/^R$$	\([0-9]*\)	.*/\1/p" "$E2E_TMP/list2.out")
	assertEquals "umk list: the pid is the one started" "$boot_pid" \
		"$(ps -o ppid= -p "${pid_:-0}" | tr -d ' ')"
	assertEquals "umk list: the same line" "$(grep "^R$$	" "$E2E_TMP/list1.out")" \
		"$(grep "^R$$	" "$E2E_TMP/list2.out")"
	run_to con "$CONSOLE" "R$$" halt
	assertEquals "umk-console halt: status" 0 "$st"
	boot_end
	assertEquals "two boots, no third" 2 "$(grep -c booted "$E2E_TMP/b.out")"
	unset XDG_RUNTIME_DIR
}

# umk-console cad while init has not disabled ctrl-alt-del (the default)
# restarts at once, as Linux's ctrl-alt-del does: two boots, status 0
testMconsoleCadRestartsWhenCadIsOn()
{
	[ -x "$CONSOLE" ] || { skip_test "$CONSOLE is not there"; return 0; }
	XDG_RUNTIME_DIR=$E2E_TMP/xdg
	export XDG_RUNTIME_DIR
	mkdir -p "$XDG_RUNTIME_DIR"
	rm -f "$TREE/count" "$E2E_TMP/b.out"
	touch "$TREE/cad"
	timeout -k 5 "$T" "$UMK" boot -r "$TREE" init=/count-init umid="D$$" \
		>"$E2E_TMP/b.out" 2>"$E2E_TMP/b.err" </dev/null &
	boot_pid=$!
	if boot_wait_for "boot 1"; then
		console_retry "D$$" version
		run_to con "$CONSOLE" "D$$" cad
		assertEquals "umk-console cad: status" 0 "$st"
		assertTrue "umk-console cad: restarting" "grep -q '^restarting' '$E2E_TMP/con.out'" ||
			show "$E2E_TMP/con.out"
	else
		kill "$boot_pid"
	fi
	boot_end
	assertEquals "two boots" "boot 1
boot 2" "$(cat "$E2E_TMP/b.out")"
	rm -f "$TREE/count" "$TREE/cad"
	unset XDG_RUNTIME_DIR
}

# busybox init turns ctrl-alt-del off: umk-console cad is SIGINT to init,
# which runs its ctrlaltdel action (reboot, through init): a restart too,
# after the shutdown action
testBusyboxInitMconsoleCadSignalsInit()
{
	[ -x "$CONSOLE" ] || { skip_test "$CONSOLE is not there"; return 0; }
	boot_start "E$$" || return
	run_to con "$CONSOLE" "E$$" cad
	assertEquals "umk-console cad: status" 0 "$st"
	assertTrue "umk-console cad: SIGINT to init" "grep -q '^SIGINT sent to init' '$E2E_TMP/con.out'" ||
		show "$E2E_TMP/con.out"
	boot_wait_for booted 2
	assertTrue "the shutdown action ran" "grep -q 'going down' '$E2E_TMP/b.out'"
	console_retry "E$$" halt
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

# On a terminal (a tmux pane of the suite's own server): ^C ends the
# guest's foreground sleep and its shell goes on, in the first boot and
# after reboot -f; the pane's size is the guest's; after poweroff -f the
# pane's terminal is back in its own modes (canonical, echo)
testTerminalAcrossARestart()
{
	requires tmux || return 0
	rm -f "$TREE/count"
	pane_boot boot init=/shell-init
	pane_wait 'boot 1' && pane_wait '^/ #' || return 0
	pane_interrupt
	pane_type 'echo one-$((6 * 7))'
	pane_wait '^one-42' || return 0
	pane_type 'reboot -f'
	pane_wait 'boot 2' || return 0
	sleep 0.5
	pane_interrupt
	pane_type 'echo two-$((6 * 7)) $(stty size)'
	pane_wait '^two-42 30 100' || return 0
	pane_type 'poweroff -f'
	pane_wait 'UMK-EXIT 0' || return 0
	pane_wait '^icanon echo' || return 0
	tmux -L "$TMUX_SOCK" kill-session -t b
	rm -f "$TREE/count"
}

testPrintPolicyNamesTheSupervisor()
{
	run_to policy umk boot -r "$TREE" --print-policy
	assertEquals "status" 0 "$st"
	assertTrue "the supervisor's line" "grep -q '^  supervisor: .*seccomp allowlist' '$E2E_TMP/policy.out'" ||
		show "$E2E_TMP/policy.out" 30
}

testBadCommandLines()
{
	run_to noroot umk boot -s
	assert_umk_error noroot 125
	run_to con1 umk boot -r "$TREE" con1=xterm
	assert_umk_error con1 125
	run_to word umk boot -r "$TREE" what
	assert_umk_error word 125
	run_to runs umk run -s true
	assert_umk_error runs 125
	run_to noinit umk boot -r "$TREE" init=/no/such/init
	assertEquals "a missing init: 127" 127 "$st"
}

. /usr/bin/shunit2
