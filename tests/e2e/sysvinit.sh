#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2086,SC2016,SC2317,SC2154
# ($AS is a command prefix, split on purpose; the guest's commands are in
# single quotes; shunit2 calls the test functions; lib.sh's run_to sets
# $st.)
#
# umk boot with Debian's own SysV init: a tree made from the .debs of
# sysvinit-core and sysvinit-utils (tools/setup downloads them into
# build/debs with apt-get download; they are unpacked here with dpkg-deb
# -x, never installed on the host), their libraries copied from the host,
# the host's busybox as the shell, and an inittab of its own in Debian's
# manner: a sysinit script that mounts /proc and a tmpfs on /run (where
# init makes /run/initctl again and keeps utmp) and counts its boots,
# runlevel 2 by default (a wait line that prints `runlevel`, and a shell
# on the console that the test types into), and runlevels 0 and 6 ending
# as Debian's /etc/init.d/halt and reboot do (halt -d -f -p, reboot -d -f).
# It boots to runlevel 2 (the shell finds umk's words in /proc/cmdline,
# which init and libselinux read); `init 0` runs runlevel 0's line and umk
# ends with status 0; `init 6` boots a second time (the supervisor) that
# then halts; `shutdown -h now`, `reboot` without -f (sysvinit's reboot
# calls shutdown -r) and `telinit 0` work; `umk-console UMID cad` is
# SIGINT to sysvinit (it turned ctrl-alt-del off), whose ctrlaltdel line
# runs shutdown -r; SIGPWR from the shell runs init's powerwait and
# powerokwait lines; on a terminal (tmux), ^C reaches the console shell in
# both boots.  A second tree runs Debian's own boot scripts (initscripts
# and sysv-rc, also from build/debs, with the host's dash, sed and
# util-linux's mount tools): rcS, runlevel 2, rc 6 and rc 0, two boots and
# a halt.  The boot tests run as each user.  Without the .debs
# (tools/setup could not reach Debian's archive) the tests skip, saying
# why.
. "$(dirname "$0")/lib.sh"

CONSOLE=${UMK_CONSOLE:-$(dirname "$UMK")/umk-console}
BUSYBOX=/bin/busybox
DEBDIR=$ROOT/build/debs
BOOT_WAIT=200	# 20 s for a line or the end: two boots of Debian's rc under load

# deb NAME: the newest .deb of NAME in $DEBDIR (empty if none)
deb()
{
	d_=
	for f_ in "$DEBDIR/$1"_*.deb; do
		[ -f "$f_" ] && d_=$f_
	done
	echo "$d_"
}

# copy_libs TREE FILE...: the host's libraries of each dynamic FILE (and
# the loader) into TREE (Debian 12, the same release as the .debs)
copy_libs()
{
	t_=$1
	shift
	for b_; do
		[ -f "$b_" ] && [ ! -L "$b_" ] && ldd "$b_" 2>/dev/null
	done | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p' |
		sort -u | while read -r l_; do
			case $l_ in
			*/ld-linux*) cp -L "$l_" "$t_/lib64/" ;;
			*) cp -L "$l_" "$t_/lib/x86_64-linux-gnu/" ;;
			esac
		done
}

# make_tree TREE DEB...: the .debs unpacked, the host's busybox (its
# applets in /bin, where the .debs have nothing of that name), the
# libraries, a root user, /run (and /var/run on it), an empty wtmp and
# /sbin/console-shell.  init starts a respawn line in a session of its
# own without a controlling terminal (the console is opened O_NOCTTY, and
# opening /dev/console never gives one, as on Linux): console-shell's
# child, not a process group leader, makes it the shell's, as a getty
# does with its tty.
make_tree()
{
	t_=$1
	shift
	mkdir -p "$t_"
	for d_; do
		dpkg-deb -x "$d_" "$t_" || return 1
	done
	mkdir -p "$t_/bin" "$t_/sbin" "$t_/etc/inittab.d" "$t_/root" "$t_/tmp" \
		"$t_/dev" "$t_/proc" "$t_/sys" "$t_/run" "$t_/var/log" \
		"$t_/lib64" "$t_/lib/x86_64-linux-gnu"
	ln -s /run "$t_/var/run"
	: >"$t_/var/log/wtmp"
	cp "$BUSYBOX" "$t_/bin/busybox"
	for x_ in $("$BUSYBOX" --list); do
		[ -e "$t_/bin/$x_" ] || [ -e "$t_/sbin/$x_" ] || [ -L "$t_/sbin/$x_" ] ||
			ln -s busybox "$t_/bin/$x_"
	done
	copy_libs "$t_" "$t_"/sbin/*
	[ -f "$t_/lib64/ld-linux-x86-64.so.2" ] || { fail "no dynamic loader copied"; return 1; }
	echo 'root::0:0:root:/root:/bin/sh' >"$t_/etc/passwd"
	printf 'root:x:0:\nutmp:x:43:\n' >"$t_/etc/group"
	cat >"$t_/sbin/console-shell" <<'END'
#!/bin/sh
/bin/setsid -c /bin/sh
exit $?
END
	chmod a+x "$t_/sbin/console-shell"
}

oneTimeSetUp()
{
	make_tmp sysvinit || return 1
	[ -x "$BUSYBOX" ] || { skip_all "$BUSYBOX is not there (busybox-static)"; return 0; }
	CORE=$(deb sysvinit-core)
	UTILS=$(deb sysvinit-utils)
	if [ -z "$CORE" ] || [ -z "$UTILS" ]; then
		skip_all "no sysvinit-core and sysvinit-utils .debs in build/debs" \
			"(tools/setup downloads them from Debian's archive; offline?)"
		return 0
	fi
	TREE=$E2E_TMP/tree
	make_tree "$TREE" "$CORE" "$UTILS" || return 1
	cat >"$TREE/etc/inittab" <<'END'
# runlevel 2 by default; 0 halts, 6 reboots, as Debian's inittab
id:2:initdefault:
si::sysinit:/etc/rc.sysinit
l0:0:wait:/etc/rc.halt
l2:2:wait:/etc/rc.2
l6:6:wait:/etc/rc.reboot
ca:12345:ctrlaltdel:/sbin/shutdown -t1 -r now
pf::powerwait:/bin/echo power failing
po::powerokwait:/bin/echo power back
co:2:respawn:/sbin/console-shell
END
	# Debian's mountkernfs and bootmisc in short: /proc, a tmpfs on /run
	# and an empty utmp there; then the boot count
	cat >"$TREE/etc/rc.sysinit" <<'END'
#!/bin/sh
mount -t proc proc /proc
mount -t tmpfs -o mode=755 tmpfs /run
: >/run/utmp
n=$(($(cat /count 2>/dev/null || echo 0) + 1))
echo $n >/count
echo "boot $n"
END
	cat >"$TREE/etc/rc.2" <<'END'
#!/bin/sh
echo "rc.2: $(/sbin/runlevel)"
END
	# the ends of Debian's /etc/init.d/halt and /etc/init.d/reboot
	cat >"$TREE/etc/rc.halt" <<'END'
#!/bin/sh
echo "rc.halt: $(/sbin/runlevel)"
/sbin/halt -d -f -p
echo "rc.halt: not reached"
END
	cat >"$TREE/etc/rc.reboot" <<'END'
#!/bin/sh
echo "rc.reboot: $(/sbin/runlevel)"
/sbin/reboot -d -f
echo "rc.reboot: not reached"
END
	chmod a+x "$TREE"/etc/rc.*
	chmod -R a+rwX "$TREE"
	make_rc_tree
}

# make_rc_tree: $RCTREE, with Debian's own boot scripts (initscripts,
# sysv-rc; when tools/setup could fetch them): the host's dash as /bin/sh
# (busybox's sh runs its own applets before PATH, so the scripts' halt
# would be busybox's), GNU sed and util-linux's mount, umount, mountpoint
# as the scripts expect, and the rc?.d links insserv would make: rcS
# mounts /proc, /run & co., sets the host name and makes utmp; runlevel 2
# prints its marker; 0 and 6 send signals, unmount and halt or reboot.
make_rc_tree()
{
	RCTREE=
	INITSCRIPTS=$(deb initscripts)
	SYSVRC=$(deb sysv-rc)
	[ -n "$INITSCRIPTS" ] && [ -n "$SYSVRC" ] || return 0
	RCTREE=$E2E_TMP/rctree
	make_tree "$RCTREE" "$CORE" "$UTILS" "$INITSCRIPTS" "$SYSVRC" || return 1
	for p_ in /bin/dash /bin/sed /bin/mount /bin/umount /bin/mountpoint /bin/stty; do
		[ -x "$p_" ] || { RCTREE=; return 0; }
		rm -f "$RCTREE$p_"
		cp -L "$p_" "$RCTREE$p_"
		copy_libs "$RCTREE" "$p_"
	done
	ln -sf dash "$RCTREE/bin/sh"
	echo umk-guest >"$RCTREE/etc/hostname"
	echo 'proc /proc proc defaults 0 0' >"$RCTREE/etc/fstab"
	cat >"$RCTREE/etc/inittab" <<'END'
# Debian's inittab, without gettys
id:2:initdefault:
si::sysinit:/etc/init.d/rcS
l0:0:wait:/etc/init.d/rc 0
l1:1:wait:/etc/init.d/rc 1
l2:2:wait:/etc/init.d/rc 2
l6:6:wait:/etc/init.d/rc 6
co:2:respawn:/sbin/console-shell
END
	cat >"$RCTREE/etc/init.d/umk-test" <<'END'
#!/bin/sh
### BEGIN INIT INFO
# Provides:          umk-test
# Default-Start:     2
# Default-Stop:
# Short-Description: says the runlevel and counts the boots
### END INIT INFO
case "$1" in
start)
	n=$(($(cat /count 2>/dev/null || echo 0) + 1))
	echo $n >/count
	echo "boot $n: rc.2: $(/sbin/runlevel) $(hostname)"
	;;
esac
END
	chmod a+x "$RCTREE/etc/init.d/umk-test"
	(
		cd "$RCTREE/etc" || exit 1
		ln -s ../init.d/mountkernfs.sh rcS.d/S01mountkernfs.sh &&
		ln -s ../init.d/hostname.sh rcS.d/S02hostname.sh &&
		ln -s ../init.d/mountall.sh rcS.d/S03mountall.sh &&
		ln -s ../init.d/bootmisc.sh rcS.d/S04bootmisc.sh &&
		ln -s ../init.d/umk-test rc2.d/S01umk-test &&
		for l_ in 0:halt 6:reboot; do
			ln -s ../init.d/sendsigs "rc${l_%:*}.d/K01sendsigs" &&
			ln -s ../init.d/umountfs "rc${l_%:*}.d/K02umountfs" &&
			ln -s ../init.d/umountroot "rc${l_%:*}.d/K03umountroot" &&
			ln -s "../init.d/${l_#*:}" "rc${l_%:*}.d/K04${l_#*:}" || exit 1
		done
	) || return 1
	chmod -R a+rwX "$RCTREE"
}

oneTimeTearDown()
{
	[ -n "${TMUX_SOCK:-}" ] && tmux -L "$TMUX_SOCK" kill-server 2>/dev/null
	rm_tmp
}

# boot_start [ARGS]: umk boot -v of $BOOT_TREE (default $TREE; as $AS),
# with a fresh boot count, its console a fifo this test writes to (fd 3
# keeps it open); $boot_pid; waits for runlevel 2's line
boot_start()
{
	b_=${BOOT_TREE:-$TREE}
	rm -f "$b_/count"
	boot_fifo -r "$b_" -v "$@"
	boot_wait_for 'rc.2: N 2' || return 1
}

# type LINE: a line to the console's shell
type_line()
{
	printf '%s\n' "$1" >&3
}

# runlevel 2, seen by the shell too, with umk's words in /proc/cmdline
# (sysvinit and libselinux read it); init 0 runs runlevel 0's line, whose
# halt -p powers off: status 0, one boot
testRunlevel2ThenInit0()
{
	for u_ in $(users); do
		AS=$(prefix "$u_")
		boot_start || { boot_end; continue; }
		type_line 'echo "shell: $(/sbin/runlevel); cmdline: $(cat /proc/cmdline)"'
		boot_wait_for 'shell: N 2'
		assertTrue "$u_: /proc/cmdline is umk's command line" \
			"grep -qx 'shell: N 2; cmdline: -r $TREE -v' '$E2E_TMP/b.out'" ||
			show "$E2E_TMP/b.out" 30
		type_line '/sbin/init 0'
		boot_end
		assertTrue "$u_: runlevel 0's line ran" "grep -qx 'rc.halt: 2 0' '$E2E_TMP/b.out'" ||
			show "$E2E_TMP/b.out" 30
		assertTrue "$u_: init said so" \
			"grep -q 'INIT: Switching to runlevel: 0' '$E2E_TMP/b.out'"
		assertTrue "$u_: the log: power down" "grep -q 'reboot: .*Power down' '$E2E_TMP/b.err'" ||
			show "$E2E_TMP/b.err" 30
		assertFalse "$u_: halt did not return" "grep -q 'not reached' '$E2E_TMP/b.out'"
		assertEquals "$u_: one boot" 1 "$(cat "$TREE/count")"
	done
	AS=
}

# init 6: runlevel 6's line, reboot -f, a second boot (the count is 2) to
# runlevel 2, where init 0 halts: status 0
testInit6BootsAgainThenInit0Halts()
{
	for u_ in $(users); do
		AS=$(prefix "$u_")
		boot_start || { boot_end; continue; }
		type_line '/sbin/init 6'
		boot_wait_for 'rc.2: N 2' 2 || { boot_end; continue; }
		type_line 'echo "second: $(cat /count) $(/sbin/runlevel)"'
		boot_wait_for 'second: 2 N 2'
		type_line '/sbin/init 0'
		boot_end
		assertEquals "$u_: two boots" "boot 1
boot 2" "$(grep '^boot ' "$E2E_TMP/b.out")"
		assertEquals "$u_: runlevel 6's line, then 0's" "rc.reboot: 2 6
rc.halt: 2 0" "$(grep '^rc\.[hr]' "$E2E_TMP/b.out")"
		assertTrue "$u_: the log: restarting" \
			"grep -q 'reboot: .*Restarting system' '$E2E_TMP/b.err'"
		assertTrue "$u_: the log: the second boot is a restart" \
			"grep -q 'booting after a restart (restart 1)' '$E2E_TMP/b.err'"
	done
	AS=
}

# shutdown -h now (through /run/initctl, as init 0)
testShutdownHaltNow()
{
	boot_start || { boot_end; return; }
	type_line '/sbin/shutdown -h now'
	boot_end
	assertTrue "runlevel 0's line ran" "grep -qx 'rc.halt: 2 0' '$E2E_TMP/b.out'" ||
		show "$E2E_TMP/b.out" 30
	assertEquals "one boot" 1 "$(cat "$TREE/count")"
}

# sysvinit's reboot without -f in runlevel 2 calls shutdown -r: a second
# boot, where telinit 0 halts
testRebootWithoutForceThenTelinit0()
{
	boot_start || { boot_end; return; }
	type_line '/sbin/reboot'
	boot_wait_for 'rc.2: N 2' 2 || { boot_end; return; }
	type_line '/sbin/telinit 0'
	boot_end
	assertEquals "runlevel 6's line, then 0's" "rc.reboot: 2 6
rc.halt: 2 0" "$(grep '^rc\.[hr]' "$E2E_TMP/b.out")"
	assertEquals "two boots" 2 "$(cat "$TREE/count")"
}

# SIGPWR from a guest reaches init, which handles it (init drops only
# the signals it does not handle): it reads /run/powerstatus (F: failing,
# O: back) and runs its powerwait or powerokwait line; init 0 then
# halts
testSigpwrRunsPowerLines()
{
	boot_start || { boot_end; return; }
	type_line 'echo F >/run/powerstatus; kill -PWR 1'
	boot_wait_for 'power failing'
	type_line 'echo O >/run/powerstatus; kill -PWR 1'
	boot_wait_for 'power back'
	type_line '/sbin/init 0'
	boot_end
	assertTrue "runlevel 0's line ran" "grep -qx 'rc.halt: 2 0' '$E2E_TMP/b.out'"
}

# sysvinit turns ctrl-alt-del off (reboot(2) CAD_OFF): umk-console cad is
# SIGINT to init, which runs its ctrlaltdel line (shutdown -r): a second
# boot; umk-console halt then ends it
testMconsoleCadRunsCtrlaltdelLine()
{
	[ -x "$CONSOLE" ] || { skip_test "$CONSOLE is not there"; return 0; }
	XDG_RUNTIME_DIR=$E2E_TMP/xdg
	export XDG_RUNTIME_DIR
	mkdir -p "$XDG_RUNTIME_DIR"
	boot_start umid="S$$" || { boot_end; unset XDG_RUNTIME_DIR; return; }
	run_to con "$CONSOLE" "S$$" cad
	assertEquals "umk-console cad: status" 0 "$st"
	assertTrue "umk-console cad: SIGINT to init" "grep -q '^SIGINT sent to init' '$E2E_TMP/con.out'" ||
		show "$E2E_TMP/con.out"
	if boot_wait_for 'rc.2: N 2' 2; then
		assertTrue "runlevel 6's line ran" "grep -qx 'rc.reboot: 2 6' '$E2E_TMP/b.out'"
		console_retry "S$$" halt
	fi
	boot_end
	assertEquals "two boots" 2 "$(cat "$TREE/count")"
	unset XDG_RUNTIME_DIR
}

# Debian's own scripts (sysv-rc's rc, initscripts'): rcS mounts and sets
# the host name (sethostname), runlevel 2; init 6 runs rc 6 (sendsigs,
# umountfs, umountroot, reboot), a second boot; init 0 runs rc 0, whose
# halt powers off: status 0
testDebianRcScriptsInit6ThenInit0()
{
	[ -n "$RCTREE" ] || {
		skip_test "no initscripts and sysv-rc .debs in build/debs (tools/setup)," \
			"or no dash, sed, mount, umount, mountpoint or stty on the host"
		return 0
	}
	for u_ in $(users); do
		AS=$(prefix "$u_")
		BOOT_TREE=$RCTREE
		boot_start || { boot_end; continue; }
		type_line '/sbin/init 6'
		boot_wait_for 'rc.2: N 2' 2 || { boot_end; continue; }
		type_line '/sbin/init 0'
		boot_end
		assertEquals "$u_: two boots, runlevel 2 and the host name" \
			"boot 1: rc.2: N 2 umk-guest
boot 2: rc.2: N 2 umk-guest" "$(grep '^boot ' "$E2E_TMP/b.out")" ||
			show "$E2E_TMP/b.out" 40
		assertEquals "$u_: reboot's script, then halt's" "Will now restart.
Will now halt." "$(grep -o '^Will now [a-z]*\.' "$E2E_TMP/b.out")"
		assertEquals "$u_: sendsigs in both" 2 \
			"$(grep -c 'Asking all remaining processes to terminate' "$E2E_TMP/b.out")"
		assertTrue "$u_: the log: restarting" \
			"grep -q 'reboot: .*Restarting system' '$E2E_TMP/b.err'"
		assertTrue "$u_: the log: power down" "grep -q 'reboot: .*Power down' '$E2E_TMP/b.err'"
	done
	AS=
	BOOT_TREE=
}

# On a terminal (a tmux pane of the suite's own server): the console
# shell has the console as its controlling terminal, so ^C ends its
# foreground sleep, in both boots; init 6, then shutdown -h now; the
# pane's terminal is back in its own modes
testTerminalInit6AndShutdown()
{
	requires tmux || return 0
	rm -f "$TREE/count"
	pane_boot sysvinit
	pane_wait 'rc.2: N 2' && pane_wait '^/ #' || return 0
	pane_interrupt
	pane_type 'echo one-$((6 * 7)) $(stty size)'
	pane_wait '^one-42 30 100' || return 0
	pane_type '/sbin/init 6'
	pane_wait 'boot 2' || return 0
	pane_wait '^/ #' || return 0
	sleep 0.5
	pane_interrupt
	pane_type 'echo two-$((6 * 7))'
	pane_wait '^two-42' || return 0
	pane_type '/sbin/shutdown -h now'
	pane_wait 'UMK-EXIT 0' || return 0
	pane_wait '^icanon echo' || return 0
	tmux -L "$TMUX_SOCK" kill-session -t b
	rm -f "$TREE/count"
}

. /usr/bin/shunit2
