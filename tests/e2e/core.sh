#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The core cases: umk runs real Debian programs and they behave as they do
# natively, byte for byte.  With E2E_AS_NOBODY=1 (tests/e2e/unprivileged.sh)
# every command, native and umk, runs as uid/gid 65534 instead.
. "$(dirname "$0")/lib.sh"

if [ "${E2E_AS_NOBODY:-}" = 1 ]; then
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups --"
fi

oneTimeSetUp()
{
	if [ -n "$AS" ]; then
		if [ "$(id -u)" != 0 ]; then
			skip_all "not root, so cannot become uid 65534 (this run is unprivileged already)"
			return 0
		fi
		if ! command -v setpriv >/dev/null; then
			skip_all "setpriv is missing (util-linux)"
			return 0
		fi
		if ! $AS test -x "$UMK" || ! $AS test -r "$ROOT/tests/e2e/core.sh"; then
			skip_all "$ROOT or $UMK is not accessible to uid 65534"
			return 0
		fi
	fi
	make_tmp core || return 1

	# A program that stores through NULL.
	if command -v gcc >/dev/null; then
		printf 'int main(void) { volatile int *p = (volatile int *)0; *p = 1; return 0; }\n' |
			gcc -O0 -x c -o "$E2E_TMP/null_deref" -
	fi

	# A large file of random bytes, 64 MiB.
	head -c 67108864 /dev/urandom >"$E2E_TMP/big"
	chmod 644 "$E2E_TMP/big"
}

oneTimeTearDown()
{
	rm_tmp
	rm -rf "/tmp/umk-e2e-host.$$" "/tmp/umk-e2e-guest.$$"
}

testBusyboxEchoPrintsHi()
{
	requires /bin/busybox || return 0
	run_to echo umk run -- /bin/busybox echo hi
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "hi" "$(cat "$E2E_TMP/echo.out")"
	[ "$st" = 0 ] || show "$E2E_TMP/echo.err"
}

# cp copies with copy_file_range: within the host tree (the host copies),
# into umk's /tmp (another file system: EXDEV, cp falls back to read and
# write) and within /tmp (umk copies).
testCpCopiesABigFile()
{
	mkdir -p "$E2E_TMP/cp" && chmod 777 "$E2E_TMP/cp"	# for uid 65534 too
	run_to cp umk run -- sh -c 'cp "$1" "$2/copy" && cp "$1" /tmp/big &&
		cp /tmp/big /tmp/big2 && cp /tmp/big2 "$2/copy2"' sh \
		"$E2E_TMP/big" "$E2E_TMP/cp"
	assertEquals "cp under umk: exit status" 0 "$st"
	[ "$st" = 0 ] || show "$E2E_TMP/cp.err"
	assertTrue "cp within the host tree: the copy differs" \
		"cmp -s '$E2E_TMP/big' '$E2E_TMP/cp/copy'"
	assertTrue "cp through /tmp: the copy differs" \
		"cmp -s '$E2E_TMP/big' '$E2E_TMP/cp/copy2'"
	rm -rf "$E2E_TMP/cp"
}

testTrueExits0()
{
	run_to true umk run -- /bin/true
	assertEquals "umk run -- /bin/true: exit status" 0 "$st"
	[ "$st" = 0 ] || show "$E2E_TMP/true.err"
}

testFalseExits1()
{
	run_to false umk run -- /bin/false
	assertEquals "umk run -- /bin/false: exit status" 1 "$st"
	[ "$st" = 1 ] || show "$E2E_TMP/false.err"
}

testLsLaUsrBinSameAsNative()
{
	if [ -n "$AS" ] || [ "$(id -u)" != 0 ]; then
		# Unprivileged, the guest may see the host's owners through umk's
		# id mapping (the invoking user is the guest's root): compare
		# everything but the owner and group columns.
		assert_same_as_native ls /bin/ls -la -g -o /usr/bin
	else
		assert_same_as_native ls /bin/ls -la /usr/bin
	fi
}

testCatOsReleaseSameAsNative()
{
	assert_same_as_native cat /bin/cat /etc/os-release
}

testSha256sumOfLargeFileSameAsNative()
{
	assert_same_as_native sha256sum /usr/bin/sha256sum "$E2E_TMP/big"
}

testEnvPassesTheEnvironmentUnchanged()
{
	# The suite's own environment, but for "_", which bash would set to the
	# program it starts (/usr/bin/env natively, umk otherwise).
	# shellcheck disable=SC2086 # $AS is a command prefix
	run_to env.native env -u _ $AS timeout -k 5 "$T" /usr/bin/env
	# shellcheck disable=SC2086
	run_to env.umk env -u _ $AS timeout -k 5 "$T" "$UMK" run -- /usr/bin/env
	assertEquals "exit status" 0 "$st"
	if ! cmp -s "$E2E_TMP/env.native.out" "$E2E_TMP/env.umk.out"; then
		diff -u "$E2E_TMP/env.native.out" "$E2E_TMP/env.umk.out" | cut -c 1-100 | head -n 20
		show "$E2E_TMP/env.umk.err"
		fail "the environment under umk differs from native"
	fi
}

testEnvPassesOddValuesUnchanged()
{
	set -- env -i "PATH=/usr/bin:/bin" "EMPTY=" "SPACES=a b  c" \
		"EQUALS=x=y=z" "NEWLINE=one
two" "UTF8=héllo" "LONG=$(head -c 20000 /dev/zero | tr '\0' x)"
	run_to oddenv.native native "$@" /usr/bin/env
	# shellcheck disable=SC2086
	run_to oddenv.umk $AS "$@" timeout -k 5 "$T" "$UMK" run -- /usr/bin/env
	assertEquals "exit status" 0 "$st"
	if ! cmp -s "$E2E_TMP/oddenv.native.out" "$E2E_TMP/oddenv.umk.out"; then
		diff -u "$E2E_TMP/oddenv.native.out" "$E2E_TMP/oddenv.umk.out" | cut -c 1-100 | head -n 20
		show "$E2E_TMP/oddenv.umk.err"
		fail "the environment under umk differs from native"
	fi
}

testPython3SumSameAsNative()
{
	requires /usr/bin/python3 || return 0
	assert_same_as_native python3 /usr/bin/python3 -c 'print(sum(range(10**6)))'
	assertEquals "python3 output" 499999500000 "$(cat "$E2E_TMP/python3.umk.out")"
}

testNullDereferenceExits139AndSaysSo()
{
	requires gcc || return 0
	run_to segv umk run -- "$E2E_TMP/null_deref"
	assertEquals "exit status" 139 "$st"
	if ! grep -Eq '^umk: .*: killed by signal 11 \(Segmentation fault\)$' "$E2E_TMP/segv.err"; then
		show "$E2E_TMP/segv.err"
		fail "no line 'umk: COMMAND: killed by signal 11 (Segmentation fault)' on stderr"
	fi
}

testWorkingDirectoryCarriesOver()
{
	run_to pwd umk run -- /bin/pwd
	assertEquals "exit status" 0 "$st"
	assertEquals "pwd under umk" "$ROOT" "$(cat "$E2E_TMP/pwd.out")"
}

testTmpIsPrivate()
{
	requires /bin/busybox || return 0
	# A file in the host's /tmp is not in the guest's.
	mkdir -p "/tmp/umk-e2e-host.$$"
	run_to tmp_host umk run -- /bin/busybox ls -a /tmp
	assertEquals "busybox ls -a /tmp: exit status" 0 "$st"
	if grep -q "umk-e2e-host.$$" "$E2E_TMP/tmp_host.out"; then
		fail "the guest sees the host's /tmp/umk-e2e-host.$$"
	fi
	# A directory the guest makes in its /tmp does not reach the host's.
	run_to tmp_guest umk run -- /bin/busybox mkdir "/tmp/umk-e2e-guest.$$"
	assertEquals "busybox mkdir /tmp/...: exit status" 0 "$st"
	[ "$st" = 0 ] || show "$E2E_TMP/tmp_guest.err"
	assertFalse "the guest's mkdir in /tmp reached the host" \
		"[ -e /tmp/umk-e2e-guest.$$ ]"
}

. /usr/bin/shunit2
