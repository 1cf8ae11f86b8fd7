#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# umk.conf(5) (src/sandbox/config.c): settings of the configuration files
# apply, the user's file after the system's and the command line after
# both; the strict parser stops at a bad line with one line naming
# FILE:LINE and status 125; the shipped etc/umk.conf changes nothing.
# UMK_CONFIG=FILE reads FILE alone (the host's /etc/umk/umk.conf stays
# out of the tests); testUserFileIsRead reads the real system file too.
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp config || return 1
	mkdir -p "$E2E_TMP/one" "$E2E_TMP/two" "$E2E_TMP/xdg/umk"
	echo one >"$E2E_TMP/one/f"
	echo two >"$E2E_TMP/two/f"
}

oneTimeTearDown()
{
	rm_tmp
}

# conf LINE...: $E2E_TMP/umk.conf with two comment lines, then the LINEs
conf()
{
	{ echo "# a test configuration"; echo "   "; printf '%s\n' "$@"; } >"$E2E_TMP/umk.conf"
}

memtotal()
{
	sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' "$E2E_TMP/$1.out"
}

testMemFromTheFileAndTheFlagOverIt()
{
	conf "mem = 64M"
	UMK_CONFIG=$E2E_TMP/umk.conf run_to mem umk run -- /bin/cat /proc/meminfo
	assertEquals "status" 0 "$st"
	assertEquals "mem = 64M" 65536 "$(memtotal mem)"
	UMK_CONFIG=$E2E_TMP/umk.conf run_to memflag umk run --mem 128M -- /bin/cat /proc/meminfo
	assertEquals "--mem over the file" 131072 "$(memtotal memflag)"
}

testMountsFromTheFileThenTheFlags()
{
	conf "	ro-bind   =	$E2E_TMP/one:/tmp/data  " "tmpfs = /tmp/scratch"
	UMK_CONFIG=$E2E_TMP/umk.conf run_to mounts umk run -- \
		/bin/sh -c 'cat /tmp/data/f; test -d /tmp/scratch && echo scratch;
			echo x >/tmp/data/g 2>/dev/null || echo read-only'
	assertEquals "status" 0 "$st"
	assertEquals "the file's mounts" "one scratch read-only" "$(cat "$E2E_TMP/mounts.out" | tr '\n' ' ' | sed 's/ $//')"
	# the command line's mount comes after, over the file's
	UMK_CONFIG=$E2E_TMP/umk.conf run_to over umk run --ro-bind "$E2E_TMP/two:/tmp/data" -- \
		/bin/cat /tmp/data/f
	assertEquals "--ro-bind over the file's" two "$(cat "$E2E_TMP/over.out")"
}

testUserFileIsRead()
{
	echo "tmpfs = /tmp/from-the-user-file" >"$E2E_TMP/xdg/umk/umk.conf"
	if grep -q '^[[:space:]]*[^#[:space:]]' /etc/umk/umk.conf 2>/dev/null; then
		skip_test "/etc/umk/umk.conf has settings of its own on this host"
		return 0
	fi
	unset UMK_CONFIG
	XDG_CONFIG_HOME=$E2E_TMP/xdg run_to user \
		umk run -- /bin/sh -c 'test -d /tmp/from-the-user-file && echo yes'
	assertEquals "XDG_CONFIG_HOME/umk/umk.conf" yes "$(cat "$E2E_TMP/user.out")"
	echo "tmpfs = relative" >"$E2E_TMP/xdg/umk/umk.conf"
	XDG_CONFIG_HOME=$E2E_TMP/xdg run_to userbad umk run -- /bin/true
	assert_umk_error userbad 125 "a bad user file"
	assertTrue "names the user's file" \
		"grep -q 'xdg/umk/umk.conf:1: ' '$E2E_TMP/userbad.err'"
}

testEmptyUmkConfigReadsNoFile()
{
	echo "no-such-key = 1" >"$E2E_TMP/xdg/umk/umk.conf"
	UMK_CONFIG= XDG_CONFIG_HOME=$E2E_TMP/xdg run_to none umk run -- /bin/true
	assertEquals "UMK_CONFIG= reads nothing" 0 "$st"
}

testShippedFileChangesNothing()
{
	UMK_CONFIG=$ROOT/etc/umk.conf run_to shipped umk run -- /bin/cat /proc/meminfo
	assertEquals "status" 0 "$st"
	assertEquals "the default 1G" 1048576 "$(memtotal shipped)"
	# and each commented-out example is a valid line once uncommented
	sed -n 's/^#\([a-z-]* = .*\)/\1/p' "$ROOT/etc/umk.conf" |
		grep -v '^\(ro-bind\|bind\|module\) ' >"$E2E_TMP/uncommented.conf"
	assertTrue "examples found" "[ -s '$E2E_TMP/uncommented.conf' ]"
	UMK_CONFIG=$E2E_TMP/uncommented.conf run_to uncommented umk run -- /bin/true
	assertEquals "the uncommented examples: status" 0 "$st"
}

testBadLinesExit125NamingFileAndLine()
{
	for line in "no-such-key = 1" "mem = 12Q" "mem = 8M" "mem =" "mem" "= 64M" \
		"fake-owners = maybe" "allow-weak-sandbox = 1" "network = tap" \
		"module = relative.so" "module = $E2E_TMP/no-such.so" \
		"bind = $E2E_TMP/no-such-dir" "ro-bind = $E2E_TMP/one:relative" \
		"tmpfs = relative" "Mem = 64M"; do
		conf "$line"
		UMK_CONFIG=$E2E_TMP/umk.conf run_to bad umk run -- /bin/true
		assert_umk_error bad 125 "'$line'"
		assertTrue "'$line': names FILE:LINE" \
			"grep -q '^umk: $E2E_TMP/umk.conf:3: ' '$E2E_TMP/bad.err'"
	done
}

testAUserFileBehindAClosedDirectoryIsNone()
{
	if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
		skip_test "not root (or no setpriv): cannot run as uid 65534"
		return 0
	fi
	if ! setpriv --reuid=65534 --regid=65534 --clear-groups -- test -x "$UMK"; then
		skip_test "uid 65534 cannot reach $UMK"
		return 0
	fi
	# $HOME someone else's, closed (setpriv keeps root's HOME): no user file
	mkdir -p "$E2E_TMP/closed/umk"
	echo "no-such-key = 1" >"$E2E_TMP/closed/umk/umk.conf"
	chmod 700 "$E2E_TMP/closed"
	unset UMK_CONFIG
	XDG_CONFIG_HOME=$E2E_TMP/closed run_to closed \
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$UMK" run -- /bin/true
	assertEquals "a closed directory on the way: no file" 0 "$st"
	# a file that is there but cannot be read is an error
	chmod 755 "$E2E_TMP/closed"
	chmod 600 "$E2E_TMP/closed/umk/umk.conf"
	XDG_CONFIG_HOME=$E2E_TMP/closed run_to unreadable \
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$UMK" run -- /bin/true
	assert_umk_error unreadable 125 "an unreadable file"
}

testUnreadableFileExits125()
{
	mkdir -p "$E2E_TMP/dir.conf"
	UMK_CONFIG=$E2E_TMP/dir.conf run_to dir umk run -- /bin/true
	assert_umk_error dir 125 "a directory"
}

. shunit2
