#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Modules (umk(1), MODULES): the example module (build/modules/hello.so)
# loaded at boot with --module and from modules.conf, its /dev/hello and
# /proc/umk/stats inside the guest; modules umk must refuse (a missing
# path, another ABI, a bad name, a .so that is no module, a failing init,
# a bad modules.conf line), each with one line and status 125; and after
# boot: sealed without -U (EPERM, umk alive), open to guest root with -U
# (finit_module of the module file from the guest tree), never to a
# non-root guest.  The test modules are tests/e2e/modules/*.c.
. "$(dirname "$0")/lib.sh"

HELLO=$ROOT/build/modules/hello.so
M=$ROOT/build/tests/modules
LOADER=$M/finit_module
GREETING='Hello from a umk module'

oneTimeSetUp()
{
	make_tmp modules || return 1
	# the host's /etc/umk/modules.conf stays out of it
	UMK_MODULES_CONF=$E2E_TMP/no-such.conf
	export UMK_MODULES_CONF
	if [ ! -f "$HELLO" ] || [ ! -x "$LOADER" ]; then
		skip_all "build/modules/hello.so or the test modules are missing (make check builds them)"
		return 0
	fi
	# copies uid 65534 can read, for the test as nobody
	cp "$HELLO" "$LOADER" "$E2E_TMP/"
	chmod -R a+rX "$E2E_TMP"
}

oneTimeTearDown()
{
	rm_tmp
}

testHelloModuleGreetsFromDevHello()
{
	run_to hello umk run --module "$HELLO" -- /bin/cat /dev/hello
	assertEquals "status" 0 "$st"
	assertEquals "/dev/hello" "$GREETING" "$(cat "$E2E_TMP/hello.out")"
	[ "$st" = 0 ] || show "$E2E_TMP/hello.err"
}

testHelloModuleCountsWritesInProcUmkStats()
{
	run_to stats umk run --module "$HELLO" -- /bin/sh -c \
		'printf 12345 >/dev/hello && printf 678 >/dev/hello &&
		 ls -l /dev/hello && cat /proc/umk/stats /proc/modules'
	assertEquals "status" 0 "$st"
	assertTrue "bytes written counted" \
		"grep -qx 'hello_bytes_written: 8' '$E2E_TMP/stats.out'"
	assertTrue "/dev/hello is a character device 240, 0" \
		"grep -q '^crw-rw-rw- .* 240, *0 .*/dev/hello' '$E2E_TMP/stats.out'"
	assertTrue "/proc/modules lists hello" \
		"grep -q '^hello 0 0 - Live ' '$E2E_TMP/stats.out'"
	[ "$st" = 0 ] || show "$E2E_TMP/stats.err"
}

testWithoutModulesThereIsNoDevHello()
{
	run_to none umk run -- /bin/sh -c 'test -e /dev/hello; echo $?; cat /proc/modules'
	assertEquals "status" 0 "$st"
	assertEquals "no /dev/hello, nothing in /proc/modules" 1 "$(cat "$E2E_TMP/none.out")"
}

testModulesConfIsReadWithCommentsAndBlankLines()
{
	printf '# modules for umk\n\n   %s  \n# the end\n' "$HELLO" >"$E2E_TMP/modules.conf"
	UMK_MODULES_CONF=$E2E_TMP/modules.conf run_to conf umk run -- /bin/cat /dev/hello
	assertEquals "status" 0 "$st"
	assertEquals "/dev/hello" "$GREETING" "$(cat "$E2E_TMP/conf.out")"
}

testMissingModulesConfMeansNoModules()
{
	UMK_MODULES_CONF=$E2E_TMP/no-such.conf run_to noconf umk run -- /bin/cat /proc/modules
	assertEquals "status" 0 "$st"
	assertEquals "no module" "" "$(cat "$E2E_TMP/noconf.out")"
}

testBadModulesConfLineExits125()
{
	printf '# fine\nhello.so\n' >"$E2E_TMP/bad.conf"
	UMK_MODULES_CONF=$E2E_TMP/bad.conf run_to badconf umk run -- /bin/true
	assert_umk_error badconf 125
	assertTrue "names the file and line" "grep -q 'bad.conf:2: ' '$E2E_TMP/badconf.err'"
}

# refused NAME PATTERN --module ARGS...: umk refuses, one line matching PATTERN
refused()
{
	r_name=$1 r_pattern=$2
	shift 2
	run_to "$r_name" umk run "$@" -- /bin/true
	assert_umk_error "$r_name" 125
	assertTrue "$r_name: says why (want '$r_pattern')" \
		"grep -q -- '$r_pattern' '$E2E_TMP/$r_name.err'"
}

testModuleThatDoesNotExistExits125()
{
	refused missing 'no-such.so: .*No such file' --module "$E2E_TMP/no-such.so"
}

testModuleOfAnotherAbiExits125()
{
	refused abi 'built for module ABI 42; this umk takes ABI 1' \
		--module "$M/mod_bad_abi.so"
}

testModuleWithABadNameExits125()
{
	refused name 'a bad module name' --module "$M/mod_bad_name.so"
}

testSharedObjectThatIsNoModuleExits125()
{
	refused notmod 'not a umk module' --module "$M/mod_not_a_module.so"
}

testProgramIsNoModuleExits125()
{
	refused prog 'finit_module' --module "$LOADER"
}

testModuleWhoseInitFailsStopsTheBootWith125()
{
	refused initfails 'module init_fails .*init failed: ENODEV' \
		--module "$M/mod_init_fails.so"
}

testSameModuleTwiceExits125()
{
	refused twice 'module hello is loaded already' --module "$HELLO" --modules="$HELLO"
}

testPrintPolicyNamesModulesAndTheSeal()
{
	run_to sealed umk run --module "$HELLO" --print-policy
	assertEquals "status" 0 "$st"
	assertTrue "lists hello" "grep -q 'modules: *1 loaded at boot (hello)' '$E2E_TMP/sealed.out'"
	assertTrue "sealed" "grep -q 'sealed after boot' '$E2E_TMP/sealed.out'"
	assertTrue "no executable mappings" \
		"grep -q 'never:.*executable mappings' '$E2E_TMP/sealed.out'"
	run_to open umk run -U --print-policy
	assertEquals "status" 0 "$st"
	assertTrue "-U: loading OPEN" "grep -q 'loading OPEN (-U)' '$E2E_TMP/open.out'"
}

testSealedGuestRootCannotLoadTheModule()
{
	run_to sealed umk run -- /bin/sh -c "'$LOADER' '$HELLO'; '$LOADER' -i '$HELLO';
		'$LOADER' -d hello; test -e /dev/hello || echo no-dev-hello"
	assertEquals "status" 0 "$st"
	assertEquals "EPERM, EPERM, EPERM, nothing loaded" \
		"EPERM EPERM EPERM no-dev-hello" "$(tr '\n' ' ' <"$E2E_TMP/sealed.out" | sed 's/ $//')"
}

testUnsealedGuestRootLoadsTheModuleFromTheGuestTree()
{
	run_to unsealed umk run -U -- /bin/sh -c "test -e /dev/hello || echo before: none;
		'$LOADER' '$HELLO' && cat /dev/hello && cat /proc/modules;
		'$LOADER' '$HELLO'; '$LOADER' -d hello; '$LOADER' -d nosuch; true"
	assertEquals "status" 0 "$st"
	assertEquals "loaded, greets, listed; EEXIST again; never unloaded" \
		"before: none|ok|$GREETING|hello 0 0 - Live 0x0000000000000000|EEXIST|EBUSY|ENOENT" \
		"$(tr '\n' '|' <"$E2E_TMP/unsealed.out" | sed 's/|$//')"
	[ "$st" = 0 ] || show "$E2E_TMP/unsealed.err"
}

testUnsealedInitModuleFromGuestMemoryWorks()
{
	run_to initmod umk run -U -- /bin/sh -c "'$LOADER' -i '$HELLO' && cat /dev/hello"
	assertEquals "status" 0 "$st"
	assertEquals "ok, then the greeting" "ok|$GREETING" \
		"$(tr '\n' '|' <"$E2E_TMP/initmod.out" | sed 's/|$//')"
}

testUnsealedNonRootGuestGetsEperm()
{
	run_to nonroot umk run -U -- /bin/sh -c "'$LOADER' -u 1000 '$HELLO';
		'$LOADER' -u 1000 -i '$HELLO'; '$LOADER' -u 1000 -d hello;
		test -e /dev/hello || echo no-dev-hello"
	assertEquals "status" 0 "$st"
	assertEquals "EPERM each time" "EPERM EPERM EPERM no-dev-hello" \
		"$(tr '\n' ' ' <"$E2E_TMP/nonroot.out" | sed 's/ $//')"
}

testUnsealedBadFilesFailWithoutHarmingUmk()
{
	run_to badfiles umk run -U -- /bin/sh -c "'$LOADER' /bin/true; '$LOADER' '$M/mod_bad_abi.so';
		'$LOADER' '$M/mod_not_a_module.so'; '$LOADER' '$M/mod_init_fails.so';
		'$LOADER' '$M/mod_init_fails.so'; '$LOADER' /etc/passwd; '$LOADER' '$HELLO' &&
		cat /dev/hello"
	assertEquals "status" 0 "$st"
	assertEquals "each refused, then hello still loads" \
		"ENOEXEC ENOEXEC ENOEXEC ENODEV EEXIST ENOEXEC ok $GREETING" \
		"$(tr '\n' ' ' <"$E2E_TMP/badfiles.out" | sed 's/ $//')"
	[ "$st" = 0 ] || show "$E2E_TMP/badfiles.err"
}

testModulesWorkForAnUnprivilegedUser()
{
	[ "$(id -u)" = 0 ] || { skip_test "not root: cannot become uid 65534"; return 0; }
	requires setpriv || return 0
	run_to nobody sh -c "cd '$E2E_TMP' && exec setpriv --reuid=65534 --regid=65534 \
		--clear-groups timeout -k 5 '$T' '$UMK' run --module '$E2E_TMP/hello.so' -U -- \
		/bin/sh -c 'cat /dev/hello; $E2E_TMP/finit_module $E2E_TMP/hello.so; true'"
	assertEquals "status" 0 "$st"
	assertEquals "greets; loaded already" "$GREETING EEXIST" \
		"$(tr '\n' ' ' <"$E2E_TMP/nobody.out" | sed 's/ $//')"
	[ "$st" = 0 ] || show "$E2E_TMP/nobody.err"
}

. /usr/bin/shunit2
