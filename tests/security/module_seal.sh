#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# After boot no code can be added to umk (umk(1), MODULES), checked from
# outside: once its seccomp filter is on, an executable mapping kills umk
# (the UMK_TEST_PROBE_MMAP_EXEC hook of src/sandbox/main.c), also with
# modules loaded at boot; only -U, which keeps module loading open, lets
# umk map code.  The guest's side (init_module, finit_module,
# delete_module: EPERM) is module_loading_after_boot_eperm.c, and
# tests/e2e/modules.sh has -U's.
# Each test runs as the suite's user and, when root, again as uid 65534.
. "$(dirname "$0")/../e2e/lib.sh"

oneTimeSetUp()
{
	make_tmp module_seal || return 1
	mkdir -p "$E2E_TMP/work"
	[ -f "$ROOT/build/modules/hello.so" ] && cp "$ROOT/build/modules/hello.so" "$E2E_TMP/"
	chmod -R a+rX "$E2E_TMP"
}

oneTimeTearDown()
{
	rm_tmp
}

# probe USER ARGS...: umk run ARGS -- /bin/true with the probe; status in $st
probe()
{
	p_user=$1
	shift
	(cd "$E2E_TMP/work" && UMK_TEST_PROBE_MMAP_EXEC=1 $(prefix "$p_user") \
		timeout -k 5 "$T" "$UMK" run "$@" -- /bin/true \
		>"$E2E_TMP/probe.out" 2>"$E2E_TMP/probe.err")
	st=$?
}

test_sealed_umk_is_killed_by_an_executable_mapping()
{
	for u in $(users); do
		probe "$u"
		# killed by SIGSYS (31): the shell reports 128+31
		assertEquals "$u: umk killed by SIGSYS" 159 "$st"
	done
}

test_boot_modules_do_not_unseal_umk()
{
	[ -f "$E2E_TMP/hello.so" ] || { skip_test "build/modules/hello.so is missing"; return 0; }
	for u in $(users); do
		probe "$u" --module "$E2E_TMP/hello.so"
		assertEquals "$u: umk killed by SIGSYS" 159 "$st"
	done
}

test_unsealed_umk_may_map_code()
{
	for u in $(users); do
		probe "$u" -U
		assertEquals "$u: status" 0 "$st"
		assertTrue "$u: mapped" "grep -q 'executable mapping: mapped' '$E2E_TMP/probe.err'"
	done
}

. /usr/bin/shunit2
