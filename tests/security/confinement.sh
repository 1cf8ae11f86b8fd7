#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# umk confines itself (DESIGN.md §7), checked from outside: a running umk's
# /proc/PID/status shows no capabilities, no_new_privs and a seccomp
# filter; Landlock itself (not only umk's walk) refuses umk a host file
# outside its mounts, and the filter kills umk when it tries execve (the
# UMK_TEST_PROBE_* hooks of src/sandbox/main.c); --print-policy says what
# holds.
# Each test runs as the suite's user and, when root, again as uid 65534.
. "$(dirname "$0")/../e2e/lib.sh"

oneTimeSetUp()
{
	make_tmp confinement || return 1
	mkdir -p "$E2E_TMP/root/bin" "$E2E_TMP/outside" "$E2E_TMP/work"
	echo canary >"$E2E_TMP/outside/canary"
	echo inside >"$E2E_TMP/root/inside"
	chmod -R a+rX "$E2E_TMP"
}

oneTimeTearDown()
{
	rm_tmp
}

# status_field PID NAME: the value of NAME: in /proc/PID/status
status_field()
{
	sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status"
}

test_running_umk_has_no_capabilities_and_no_new_privs()
{
	for u in $(users); do
		# setpriv execs umk: $! is umk's pid either way.
		cd "$E2E_TMP/work" || return
		$(prefix "$u") "$UMK" run -- /bin/sleep 3 >"$E2E_TMP/sleep.out" 2>&1 &
		pid=$!
		cd "$ROOT" || return
		# the seccomp filter is the last step before boot
		for _ in $(seq 50); do
			[ "$(status_field "$pid" Seccomp)" = 2 ] && break
			sleep 0.1
		done
		assertEquals "$u: NoNewPrivs" 1 "$(status_field "$pid" NoNewPrivs)"
		assertEquals "$u: Seccomp (2: a filter)" 2 "$(status_field "$pid" Seccomp)"
		assertEquals "$u: CapEff" 0000000000000000 "$(status_field "$pid" CapEff)"
		assertEquals "$u: CapPrm" 0000000000000000 "$(status_field "$pid" CapPrm)"
		assertEquals "$u: CapInh" 0000000000000000 "$(status_field "$pid" CapInh)"
		assertEquals "$u: CapAmb" 0000000000000000 "$(status_field "$pid" CapAmb)"
		# only a umk started with CAP_SETPCAP can (and does) empty it
		[ "$u" = as-is ] && [ "$(id -u)" = 0 ] &&
			assertEquals "$u: CapBnd" 0000000000000000 "$(status_field "$pid" CapBnd)"
		wait
	done
}

test_landlock_refuses_umk_a_host_file_outside_the_mounts()
{
	for u in $(users); do
		# -r root: only $E2E_TMP/root and the working directory are
		# mounted; outside/canary is neither.
		(cd "$E2E_TMP/work" && UMK_TEST_PROBE_OPEN=$E2E_TMP/outside/canary \
			$(prefix "$u") timeout -k 5 "$T" "$UMK" run -r "$E2E_TMP/root" \
			--print-policy >"$E2E_TMP/probe.out" 2>"$E2E_TMP/probe.err")
		assertEquals "$u: status" 0 $?
		grep -q "test probe: open $E2E_TMP/outside/canary: Permission denied" \
			"$E2E_TMP/probe.err" || {
			show "$E2E_TMP/probe.err"
			fail "$u: umk opened a host file outside its mounts"
		}
		# The same hook opens a file beneath the root: the probe works.
		(cd "$E2E_TMP/work" && UMK_TEST_PROBE_OPEN=$E2E_TMP/root/inside \
			$(prefix "$u") timeout -k 5 "$T" "$UMK" run -r "$E2E_TMP/root" \
			--print-policy >"$E2E_TMP/probe.out" 2>"$E2E_TMP/probe.err")
		grep -q "test probe: open $E2E_TMP/root/inside: opened" "$E2E_TMP/probe.err" || {
			show "$E2E_TMP/probe.err"
			fail "$u: the probe could not open a file beneath the root"
		}
	done
}

test_seccomp_kills_umk_on_a_forbidden_host_call()
{
	for u in $(users); do
		(cd "$E2E_TMP/work" && UMK_TEST_PROBE_EXECVE=/bin/true \
			$(prefix "$u") timeout -k 5 "$T" "$UMK" run -- /bin/true \
			>"$E2E_TMP/exec.out" 2>"$E2E_TMP/exec.err")
		# killed by SIGSYS (31): the shell reports 128+31
		assertEquals "$u: umk killed by SIGSYS" 159 $?
	done
}

test_print_policy_says_what_is_enforced()
{
	for u in $(users); do
		(cd "$E2E_TMP/work" && $(prefix "$u") timeout -k 5 "$T" "$UMK" run \
			-r "$E2E_TMP/root" --ro-bind "$E2E_TMP/outside:/mnt" --print-policy \
			>"$E2E_TMP/policy.out" 2>"$E2E_TMP/policy.err")
		assertEquals "$u: status" 0 $?
		for want in "capabilities: none" "no_new_privs: yes" "landlock:     ABI" \
			"seccomp:      an allowlist" \
			"read-only  $E2E_TMP/outside  (at /mnt)"; do
			grep -qF "$want" "$E2E_TMP/policy.out" || {
				show "$E2E_TMP/policy.out" 30
				fail "$u: --print-policy does not say '$want'"
			}
		done
	done
}

test_print_policy_without_run()
{
	run_to bare umk --print-policy
	assertEquals "status" 0 "$st"
	grep -q "no_new_privs: yes" "$E2E_TMP/bare.out" || fail "umk --print-policy printed no policy"
}

. shunit2
