#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# umk-net-helper (src/net-helper/net_helper.c): it refuses bad names, bad
# sockets, another user's socket and a setuid installation, each with one
# line and status 2; it keeps CAP_NET_ADMIN alone (--check); and, where the
# capability and /dev/net/tun are available, it makes a TAP device owned by
# the caller, hands its fd over the socket, and the device goes away with
# the fd.  tests/e2e/net-helper-client plays umk's side of the socket.
#   UMK_NET_HELPER  the helper under test (default build/umk-net-helper)
. "$(dirname "$0")/lib.sh"

H=${UMK_NET_HELPER:-$ROOT/build/umk-net-helper}
CLIENT=$ROOT/tests/e2e/net-helper-client
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --"

oneTimeSetUp()
{
	make_tmp net_helper || return 1
	if [ ! -x "$H" ]; then
		skip_all "$H is missing (make builds it)"
	elif [ ! -x /usr/bin/python3 ]; then
		skip_all "python3 is not installed (tests/e2e/net-helper-client)"
	fi
}

oneTimeTearDown()
{
	rm_tmp
}

# refused NAME WANT_TEXT CMD...: CMD exits 2 with one line naming WANT_TEXT.
refused()
{
	r_name=$1 r_want=$2
	shift 2
	run_to "$r_name" timeout -k 5 "$T" "$@"
	assertEquals "$r_name: exit status" 2 "$st"
	if [ "$(wc -l <"$E2E_TMP/$r_name.err")" != 1 ] ||
		! grep -q "^umk-net-helper: .*$r_want" "$E2E_TMP/$r_name.err"; then
		show "$E2E_TMP/$r_name.err"
		fail "$r_name: stderr is not one line 'umk-net-helper: ...$r_want...'"
	fi
}

# as_root_or_skip: the test needs root (to become uid 65534 or to setcap)
as_root_or_skip()
{
	if [ "$(id -u)" != 0 ]; then
		skip_test "not root: cannot run the helper as another user"
		return 1
	fi
	requires setpriv || return 1
	if ! $NOBODY test -x "$1"; then
		skip_test "uid 65534 cannot reach $1"
		return 1
	fi
}

# a copy of the helper that uid 65534 can run, in E2E_TMP
helper_copy()
{
	cp "$H" "$E2E_TMP/$1" && chmod 755 "$E2E_TMP/$1"
}

testHelpAndVersion()
{
	run_to help "$H" --help
	assertEquals "--help: status" 0 "$st"
	assertTrue "--help: usage" "grep -q '^Usage: umk-net-helper --fd N' '$E2E_TMP/help.out'"
	run_to version "$H" --version
	assertEquals "--version: status" 0 "$st"
	assertTrue "--version: a version" "grep -q '^umk-net-helper [0-9]' '$E2E_TMP/version.out'"
}

testBadNamesAreRefused()
{
	for n in eth0 umk UMK0 umk.0 'umk 0' umk0/x umk%d 'umk0;x' umk0123456789abc ''; do
		refused badname "bad name '$n'" "$CLIENT" "$H" --fd '{fd}' "$n"
	done
}

testLongestGoodNamePassesTheNameCheck()
{
	# 15 characters: accepted; the (file, not socket) fd is refused next
	UMK_CLIENT_SOCKET=file refused longname "not a socket" \
		"$CLIENT" "$H" --fd '{fd}' umk0123456789ab
}

testBadArgumentsAreRefused()
{
	refused noargs "usage" "$H"
	refused nofd "usage" "$H" --fd
	refused extra "usage" "$H" --fd 3 umk0 more
	refused other "usage" "$H" --create umk0
	refused notnum "not a file descriptor number" "$H" --fd x umk0
	refused trailing "not a file descriptor number" "$H" --fd 3x umk0
	refused stdio "not a file descriptor number" "$H" --fd 2 umk0
	refused negative "not a file descriptor number" "$H" --fd -4 umk0
	refused closed "Bad file descriptor" "$H" --fd 987 umk0
}

testBadSocketsAreRefused()
{
	UMK_CLIENT_SOCKET=file refused file "not a socket" "$CLIENT" "$H" --fd '{fd}' umk0
	UMK_CLIENT_SOCKET=pipe refused pipe "not a socket" "$CLIENT" "$H" --fd '{fd}' umk0
	UMK_CLIENT_SOCKET=inet refused inet "not a unix socket" "$CLIENT" "$H" --fd '{fd}' umk0
	UMK_CLIENT_SOCKET=dgram-unbound refused dgram "not connected" \
		"$CLIENT" "$H" --fd '{fd}' umk0
}

testAnotherUsersSocketIsRefused()
{
	helper_copy peer || return 1
	as_root_or_skip "$E2E_TMP/peer" || return 0
	# the socket is root's; the helper runs as uid 65534
	refused peer "refused: the socket's peer is uid 0, not the calling user (uid 65534)" \
		"$CLIENT" $NOBODY "$E2E_TMP/peer" --fd '{fd}' umk0
}

testSetuidInstallationIsRefused()
{
	helper_copy setuid || return 1
	as_root_or_skip "$E2E_TMP/setuid" || return 0
	chmod 4755 "$E2E_TMP/setuid"
	case ",$(findmnt -n -o OPTIONS -T "$E2E_TMP" 2>/dev/null)," in
	*,nosuid,*)
		skip_test "$E2E_TMP is on a nosuid mount"
		return 0 ;;
	esac
	refused setuid "refusing to run setuid" $NOBODY "$E2E_TMP/setuid" --check
}

testCheckKeepsNetAdminAlone()
{
	run_to check "$H" --check
	if [ "$st" = 0 ]; then
		assertEquals "with the capability, only it is left" \
			"capabilities: cap_net_admin=ep" "$(head -n 1 "$E2E_TMP/check.out")"
	else
		assertEquals "--check: status without the capability" 1 "$st"
		assertEquals "without the capability, nothing is left" \
			"capabilities: none" "$(head -n 1 "$E2E_TMP/check.out")"
	fi
	assertTrue "no_new_privs is set" "grep -qx 'no_new_privs: 1' '$E2E_TMP/check.out'"
	if [ "$(id -u)" = 0 ]; then
		# root's run may empty the bounding set: all but cap_net_admin go
		assertTrue "the bounding set keeps cap_net_admin alone" \
			"grep -q '^bounding set: 0x1000 ' '$E2E_TMP/check.out'"
	fi
}

testUnprivilegedUserWithoutTheCapabilityGetsNothing()
{
	helper_copy nocap || return 1
	as_root_or_skip "$E2E_TMP/nocap" || return 0
	run_to nocap $NOBODY "$E2E_TMP/nocap" --check
	assertEquals "--check: status" 1 "$st"
	assertEquals "no capability" "capabilities: none" "$(head -n 1 "$E2E_TMP/nocap.out")"
	run_to nocap_create $NOBODY "$CLIENT" "$E2E_TMP/nocap" --fd '{fd}' umk-e2e-nocap
	assertEquals "creating without the capability: status" 1 "$st"
	assertTrue "says why" "grep -qE 'no CAP_NET_ADMIN|/dev/net/tun: Permission denied' \
		'$E2E_TMP/nocap_create.err'"
}

# can_create RUNNER...: skip unless the helper (as RUNNER) has the capability
# and can open /dev/net/tun.
can_create()
{
	if ! "$@" --check >/dev/null 2>&1; then
		skip_test "the helper has no CAP_NET_ADMIN here"
		return 1
	fi
	if [ ! -c /dev/net/tun ]; then
		skip_test "no /dev/net/tun on this host"
		return 1
	fi
	c_run=${1%%"$H"}
	# shellcheck disable=SC2086
	if ! $c_run sh -c 'exec 3<>/dev/net/tun' 2>/dev/null; then
		skip_test "/dev/net/tun is not readable and writable for this user ($(stat -c '%a %U' /dev/net/tun))"
		return 1
	fi
}

testCreatesTapOwnedByTheCaller()
{
	can_create "$H" || return 0
	run_to create "$CLIENT" "$H" --fd '{fd}' umk-e2e$$
	assertEquals "status" 0 "$st"
	assertEquals "the helper prints the name" "umk-e2e$$" "$(head -n 1 "$E2E_TMP/create.out")"
	assertEquals "the device, its owner and flags (TAP, no PI)" \
		"name=umk-e2e$$ owner=$(id -u) flags=0x1002" "$(grep '^name=' "$E2E_TMP/create.out")"
	assertEquals "gone with its fd" "gone=yes" "$(tail -n 1 "$E2E_TMP/create.out")"
	run_to default "$CLIENT" "$H" --fd '{fd}'
	assertEquals "default name: status" 0 "$st"
	assertTrue "default name umkN" "grep -qE '^name=umk[0-9]+ ' '$E2E_TMP/default.out'"
}

testCreatesTapForAnUnprivilegedUserWithTheFileCapability()
{
	helper_copy filecap || return 1
	as_root_or_skip "$E2E_TMP/filecap" || return 0
	requires setcap || return 0
	if ! setcap cap_net_admin+ep "$E2E_TMP/filecap" 2>"$E2E_TMP/setcap.err"; then
		skip_test "setcap failed here: $(head -n 1 "$E2E_TMP/setcap.err")"
		return 0
	fi
	run_to filecap_check $NOBODY "$E2E_TMP/filecap" --check
	assertEquals "--check as uid 65534: status" 0 "$st"
	assertEquals "cap_net_admin alone" "capabilities: cap_net_admin=ep" \
		"$(head -n 1 "$E2E_TMP/filecap_check.out")"
	if [ ! -c /dev/net/tun ] || ! $NOBODY sh -c 'exec 3<>/dev/net/tun' 2>/dev/null; then
		skip_test "/dev/net/tun is not usable by uid 65534 here ($(stat -c '%a %U' /dev/net/tun 2>&1))"
		return 0
	fi
	# the client (umk's side) runs as uid 65534 too: its peer is the caller
	run_to filecap_create $NOBODY "$CLIENT" "$E2E_TMP/filecap" --fd '{fd}' umk-e2e-nb$$
	assertEquals "status" 0 "$st"
	assertEquals "owned by uid 65534" "name=umk-e2e-nb$$ owner=65534 flags=0x1002" \
		"$(grep '^name=' "$E2E_TMP/filecap_create.out")"
}

. shunit2
