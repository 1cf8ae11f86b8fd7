#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck disable=SC2086,SC2016,SC2317,SC2154
# ($AS is a command prefix, split on purpose; the guest's commands are in
# single quotes; shunit2 calls the test functions; lib.sh's run_to sets
# $st.)
#
# umk boot's lines besides the console, UML style, on a busybox tree whose
# inittab runs a getty on tty1 and on ttyS0 and ttyS1 (when the line is
# configured): con1=pty (the host pty named in -v's log; a host program
# attaches to it, gets the login prompt, logs in as root, runs a command;
# the line has the host pty's window size)
# and ssl0=port:PORT (a TCP client on 127.0.0.1:PORT does the same; a second
# client is refused while the only line of the port is in use; a client
# that leaves hangs the line up and the next one logs in again; a client
# that reads late gets all of a long output),
# ssl=port:PORT (two clients at once get ttyS0 and ttyS1), each as every
# user; fd:N,fd:M and null lines; the kernel log names the lines (dmesg); lines not configured have no
# node and their device opens with ENXIO; a port in use and bad words are
# refused (125) before boot; --print-policy says the port is open on
# 127.0.0.1; umk-console's config lists the lines.  The host side of the lines is tests/e2e/lines_client.py.
. "$(dirname "$0")/lib.sh"

BUSYBOX=/bin/busybox
CONSOLE=${UMK_CONSOLE:-$(dirname "$UMK")/umk-console}
CLIENT=$ROOT/tests/e2e/lines_client.py

oneTimeSetUp()
{
	make_tmp lines || return 1
	[ -x "$BUSYBOX" ] || { skip_all "$BUSYBOX is not there (busybox-static)"; return 0; }
	command -v python3 >/dev/null || { skip_all "python3 is not installed"; return 0; }
	TREE=$E2E_TMP/tree
	busybox_tree sh ls echo cat sleep getty login poweroff dmesg grep mknod tty stty seq
	# a getty where the line exists (else one sleep, not a respawn loop)
	cat >"$TREE/sbin/line-getty" <<'END'
#!/bin/sh
[ -e "/dev/$1" ] || exec sleep 100000
exec getty -L 0 "$1"
END
	cat >"$TREE/etc/inittab" <<'END'
::sysinit:/bin/echo booted
tty1::respawn:/sbin/line-getty tty1
ttyS0::respawn:/sbin/line-getty ttyS0
ttyS1::respawn:/sbin/line-getty ttyS1
END
	chmod a+x "$TREE/sbin/line-getty"
	chmod -R a+rwX "$TREE"
}

oneTimeTearDown()
{
	rm_tmp
}

free_port()
{
	python3 "$CLIENT" freeport
}

# boot_bg NAME WORDS...: umk boot -v of the tree in the background
# ($boot_pid), stdout in NAME.out, stderr (the kernel log) in NAME.err.
boot_bg()
{
	b_name=$1
	shift
	$AS timeout -k 5 "$T" "$UMK" boot -r "$TREE" -v "$@" \
		>"$E2E_TMP/$b_name.out" 2>"$E2E_TMP/$b_name.err" </dev/null &
	boot_pid=$!
}

# boot_end NAME: umk ended by itself (the client's poweroff -f), status 0.
boot_end()
{
	wait "$boot_pid"
	assertEquals "$1: umk's status after poweroff -f" 0 "$?" || show "$E2E_TMP/$1.err" 30
}

# client NAME ARGS...: lines_client.py ARGS (as $AS), output in NAME.client
client()
{
	c_name=$1
	shift
	$AS timeout -k 5 "$T" python3 "$CLIENT" "$@" >"$E2E_TMP/$c_name.client" 2>&1
}

testPtyConsoleLogin()
{
	for u_ in $(users); do
		AS=$(prefix "$u_")
		boot_bg pty con1=pty
		client pty login pty "$E2E_TMP/pty.err" 1 \
			'dmesg | grep -c "Virtual console 1 assigned device .*/dev/pts/"' \
			'echo size: $(stty size)' 'poweroff -f'
		assertEquals "$u_: logged in on tty1" 0 "$?" || show "$E2E_TMP/pty.client" 30
		assertTrue "$u_: the log names the pty" \
			"grep -q \"Virtual console 1 assigned device '/dev/pts/\" '$E2E_TMP/pty.err'"
		assertTrue "$u_: dmesg has it" "grep -q '^1' '$E2E_TMP/pty.client'" ||
			show "$E2E_TMP/pty.client" 30
		assertTrue "$u_: the host pty's window size" \
			"grep -q '^size: 30 100' '$E2E_TMP/pty.client'" || show "$E2E_TMP/pty.client" 30
		boot_end pty
	done
	AS=
}

testPortLoginRefusalAndReconnect()
{
	for u_ in $(users); do
		AS=$(prefix "$u_")
		port_=$(free_port)
		boot_bg port ssl0=port:$port_
		client busy busy "$port_"
		assertEquals "$u_: a second client is refused" 0 "$?" ||
			show "$E2E_TMP/busy.client" 30
		# the first client of busy left: the line is free again
		client port1 login port "$port_"
		assertEquals "$u_: logged in on ttyS0" 0 "$?" || show "$E2E_TMP/port1.client" 30
		assertTrue "$u_: the tty is ttyS0" "grep -q 'logged in on /dev/ttyS0' '$E2E_TMP/port1.client'"
		client port2 login port "$port_" 'poweroff -f'
		assertEquals "$u_: logged in again after the first left" 0 "$?" ||
			show "$E2E_TMP/port2.client" 30
		assertTrue "$u_: the log names the port" \
			"grep -q \"Serial line 0 assigned device 'port:$port_\" '$E2E_TMP/port.err'"
		boot_end port
	done
	AS=
}

testSharedPortGivesEachClientALine()
{
	port_=$(free_port)
	# the umid's socket in the suite's own runtime directory
	XDG_RUNTIME_DIR=$E2E_TMP/xdg
	export XDG_RUNTIME_DIR
	mkdir -p "$XDG_RUNTIME_DIR"
	boot_bg shared ssl=port:$port_ umid=lines-shared
	client two two "$port_"
	assertEquals "two clients, two lines" 0 "$?" || show "$E2E_TMP/two.client" 30
	assertTrue "ttyS0 and ttyS1" "grep -q '/dev/ttyS0 and /dev/ttyS1\|/dev/ttyS1 and /dev/ttyS0' '$E2E_TMP/two.client'"
	"$CONSOLE" lines-shared config >"$E2E_TMP/config.out" 2>&1
	assertTrue "umk-console config lists the lines" \
		"grep -q '^line: ssl7 (/dev/ttyS7): port:$port_' '$E2E_TMP/config.out'" ||
		show "$E2E_TMP/config.out" 30
	client shared login port "$port_" 'poweroff -f'
	boot_end shared
}

# a client that reads late loses nothing: the output waits for room
testPortOutputWaitsForASlowClient()
{
	port_=$(free_port)
	boot_bg flood ssl0=port:$port_
	client flood flood "$port_"
	assertEquals "every line came" 0 "$?" || tail -n 5 "$E2E_TMP/flood.client"
	boot_end flood
}

# con2=fd:N,fd:M: a line on two host fds (input from a fifo, whose end
# types nothing more and is no hangup); con3=null: writes vanish
testFdAndNullLines()
{
	mkfifo "$E2E_TMP/in.fifo"
	(sleep 1; echo typed-in) >"$E2E_TMP/in.fifo" &
	umk boot -r "$TREE" init=/bin/sh con2=fd:5,fd:6 con3=null \
		5<"$E2E_TMP/in.fifo" 6>"$E2E_TMP/fd.line" >"$E2E_TMP/fd.out" 2>"$E2E_TMP/fd.err" <<'END'
echo to-the-line >/dev/tty2
read x </dev/tty2
echo "read: $x"
echo gone >/dev/tty3 && echo null-ok
poweroff -f
END
	assertEquals "status" 0 "$?"
	assertTrue "read from fd 5" "grep -qx 'read: typed-in' '$E2E_TMP/fd.out'" ||
		show "$E2E_TMP/fd.err"
	assertTrue "null takes writes" "grep -qx null-ok '$E2E_TMP/fd.out'"
	assertTrue "written to fd 6" "grep -q '^to-the-line' '$E2E_TMP/fd.line'" ||
		show "$E2E_TMP/fd.line"
	assertTrue "the echo too" "grep -q '^typed-in' '$E2E_TMP/fd.line'"
	wait
}

# no node for a line that is not configured; its device: ENXIO
testUnconfiguredLineIsEnxio()
{
	umk boot -r "$TREE" init=/bin/sh >"$E2E_TMP/nx.out" 2>"$E2E_TMP/nx.err" <<'END'
ls /dev/tty1 /dev/ttyS0 2>/dev/null || echo no-nodes
mknod /dev/ttyS3 c 4 67
cat /dev/ttyS3 2>&1
poweroff -f
END
	assertEquals "status" 0 "$?"
	assertTrue "no nodes" "grep -qx no-nodes '$E2E_TMP/nx.out'" || show "$E2E_TMP/nx.out"
	assertTrue "ENXIO" "grep -q 'No such device or address' '$E2E_TMP/nx.out'" ||
		show "$E2E_TMP/nx.out"
}

testPortInUseIsRefused()
{
	port_=$(free_port)
	python3 "$CLIENT" hold "$port_" 30 >"$E2E_TMP/hold.out" &
	hold_=$!
	i_=0
	while ! grep -q ready "$E2E_TMP/hold.out" && [ $i_ -lt 50 ]; do
		sleep 0.1
		i_=$((i_ + 1))
	done
	run_to inuse umk boot -r "$TREE" ssl0=port:$port_
	assert_umk_error inuse 125
	assertTrue "says so" "grep -q 'port $port_ on 127.0.0.1 is in use' '$E2E_TMP/inuse.err'"
	kill "$hold_" 2>/dev/null
	wait "$hold_" 2>/dev/null || :
}

testBadLineWords()
{
	for w_ in con9=pty ssl8=pty ssl0=port:0 ssl0=port:99999 ssl0=port:x con1=xterm \
		con1=what con0=pty con1=fd:1,fd:2; do
		run_to bad umk boot -r "$TREE" "$w_"
		assert_umk_error bad 125 "$w_"
	done
}

testPrintPolicySaysThePortIsOpen()
{
	port_=$(free_port)
	run_to policy umk boot -r "$TREE" ssl0=port:$port_ --print-policy
	assertEquals "status" 0 "$st"
	assertTrue "the port's line" \
		"grep -q '^  ssl0: .*TCP port $port_ open on 127.0.0.1 only' '$E2E_TMP/policy.out'" ||
		show "$E2E_TMP/policy.out" 40
	assertTrue "Landlock still denies TCP" \
		"grep -q 'TCP bind/connect: denied\|not handled' '$E2E_TMP/policy.out'"
}

. /usr/bin/shunit2
