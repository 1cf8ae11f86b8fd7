#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# umk's command line: options, and one clear line on stderr with a distinct
# exit status for each kind of bad input (see umk(1), EXIT STATUS).
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp cli || return 1
	printf '#!/bin/sh\necho should not run\n' >"$E2E_TMP/not-executable"
	chmod 644 "$E2E_TMP/not-executable"

	# A root of our own: busybox and a few applet links.
	mkdir -p "$E2E_TMP/rootfs/bin" "$E2E_TMP/rootfs/tmp" \
		"$E2E_TMP/rootfs/dev" "$E2E_TMP/rootfs/proc"
	if [ -x /bin/busybox ]; then
		cp /bin/busybox "$E2E_TMP/rootfs/bin/busybox"
		for a in sh echo ls cat true; do
			ln -s busybox "$E2E_TMP/rootfs/bin/$a"
		done
	fi
}

oneTimeTearDown()
{
	rm_tmp
}

testUnknownFlagExits125()
{
	run_to flag umk run --no-such-flag -- /bin/true
	assert_umk_error flag 125
}

testUnknownSubcommandExits125()
{
	run_to subcommand umk no-such-subcommand
	assert_umk_error subcommand 125
}

testMissingCommandExits125()
{
	run_to nocmd umk run
	assert_umk_error nocmd 125
	run_to nocmd2 umk run --
	assert_umk_error nocmd2 125
}

testMissingRootExits121()
{
	run_to noroot umk run --root "$E2E_TMP/no-such-dir" -- /bin/true
	assert_umk_error noroot 121
}

testRootThatIsAFileExits122()
{
	run_to fileroot umk run --root "$E2E_TMP/not-executable" -- /bin/true
	assert_umk_error fileroot 122
}

testCommandNotFoundExits127()
{
	run_to notfound umk run -- /no/such/command
	assert_umk_error notfound 127
}

testCommandNotExecutableExits126()
{
	run_to noexec umk run -- "$E2E_TMP/not-executable"
	assert_umk_error noexec 126
	assertFalse "the script ran" "grep -q 'should not run' '$E2E_TMP/noexec.out'"
}

testHelpExits0AndDocumentsExitCodes()
{
	run_to help umk --help
	assertEquals "umk --help: exit status" 0 "$st"
	assertTrue "umk --help does not show 'umk run'" "grep -q 'umk run' '$E2E_TMP/help.out'"
	for code in 121 122 125 126 127; do
		assertTrue "umk --help does not document exit status $code" \
			"grep -qw $code '$E2E_TMP/help.out'"
	done
}

testVersionMatchesDebianChangelog()
{
	want=$(sed -n '1s/^umk (\([^)]*\)).*/\1/p' debian/changelog)
	run_to version umk --version
	assertEquals "umk --version: exit status" 0 "$st"
	assertEquals "umk --version" "umk $want" "$(head -n 1 "$E2E_TMP/version.out")"
}

testSyscallsListsTheTable()
{
	run_to syscalls umk --syscalls
	assertEquals "umk --syscalls: exit status" 0 "$st"
	for s in '0[[:space:]]+read' '1[[:space:]]+write' '257[[:space:]]+openat' \
		'231[[:space:]]+exit_group'; do
		assertTrue "umk --syscalls has no line '$s'" \
			"grep -Eq '(^|[[:space:]])$s([[:space:]]|\$)' '$E2E_TMP/syscalls.out'"
	done
}

testMem16MRunsTrue()
{
	run_to mem umk run --mem 16M -- /bin/true
	assertEquals "umk run --mem 16M -- /bin/true: exit status" 0 "$st"
	[ "$st" = 0 ] || show "$E2E_TMP/mem.err"
}

testMemOtherSuffixesAccepted()
{
	for m in 2G 65536K 512M; do
		run_to "mem_$m" umk run --mem "$m" -- /bin/true
		assertEquals "umk run --mem $m -- /bin/true: exit status" 0 "$st"
	done
}

testBadMemExits125()
{
	i=0
	for m in lots 12Q -1M ''; do
		i=$((i + 1))
		run_to "badmem$i" umk run --mem "$m" -- /bin/true
		assert_umk_error "badmem$i" 125 "--mem '$m'"
	done
}

testTraceToFileRecordsSyscalls()
{
	requires /bin/busybox || return 0
	run_to trace umk run --trace="$E2E_TMP/trace.log" -- /bin/busybox echo hi
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "hi" "$(cat "$E2E_TMP/trace.out")"
	if ! grep -Eq 'execve\(|write\(1,' "$E2E_TMP/trace.log" 2>/dev/null; then
		show "$E2E_TMP/trace.log"
		fail "the trace file has no 'execve(' nor 'write(1,'"
	fi
}

testTraceToStderrRecordsSyscalls()
{
	requires /bin/busybox || return 0
	run_to trace2 umk run --trace -- /bin/busybox echo hi
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "hi" "$(cat "$E2E_TMP/trace2.out")"
	assertTrue "stderr has no 'write(1,'" "grep -q 'write(1,' '$E2E_TMP/trace2.err'"
}

testVerbosePrintsTheBootLog()
{
	requires /bin/busybox || return 0
	run_to verbose umk run -v -- /bin/busybox echo hi
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "hi" "$(cat "$E2E_TMP/verbose.out")"
	assertTrue "-v printed nothing on stderr" "[ -s '$E2E_TMP/verbose.err' ]"
}

testRootBusyboxTreeRunsEcho()
{
	requires /bin/busybox || return 0
	run_to rootfs umk run --root "$E2E_TMP/rootfs" -- /bin/busybox echo hi
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "hi" "$(cat "$E2E_TMP/rootfs.out")"
	[ "$st" = 0 ] || show "$E2E_TMP/rootfs.err"
	# Through an applet symlink of the tree.
	run_to rootfs_link umk run --root "$E2E_TMP/rootfs" -- /bin/echo hi
	assertEquals "/bin/echo (a symlink to busybox): exit status" 0 "$st"
	assertEquals "/bin/echo: stdout" "hi" "$(cat "$E2E_TMP/rootfs_link.out")"
}

testRootHidesTheHostTree()
{
	requires /bin/busybox || return 0
	run_to hidden umk run --root "$E2E_TMP/rootfs" -- /bin/busybox ls /
	assertEquals "busybox ls /: exit status" 0 "$st"
	assertTrue "the guest's / has no bin" "grep -qx bin '$E2E_TMP/hidden.out'"
	if grep -Eqx 'etc|usr|var|work' "$E2E_TMP/hidden.out"; then
		show "$E2E_TMP/hidden.out"
		fail "the guest's / shows the host's directories"
	fi
	run_to hidden2 umk run --root "$E2E_TMP/rootfs" -- /bin/busybox cat /etc/os-release
	assertNotEquals "the guest reads the host's /etc/os-release" 0 "$st"
}

. /usr/bin/shunit2
