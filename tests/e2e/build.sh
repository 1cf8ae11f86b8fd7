#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A build inside umk: `make -j2` of a generated C project of 51 files
# (tests/e2e/gen-c-project: 50 modules and a main, archived with ar and
# linked by Debian's gcc), natively and under umk; both builds succeed and
# both binaries print the same thing, natively and under umk.
#
# The guest's root is read-only and its /tmp is its own, so the guest
# copies the project into its /tmp, builds it there, runs the program and
# hands back, as a tar on stdout, the binary and what it printed.
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp build || return 1
	if ! command -v gcc >/dev/null || ! command -v make >/dev/null; then
		skip_all "gcc or make is not installed"
		return 0
	fi
	"$ROOT/tests/e2e/gen-c-project" "$E2E_TMP/src" 50 || return 1
}

oneTimeTearDown()
{
	rm_tmp
}

# The guest's side: build in /tmp, run, and tar the binary and its output.
# shellcheck disable=SC2016 # expanded by the guest's shell
GUEST_BUILD='cp -r "$1" /tmp/proj && make -j2 -C /tmp/proj >&2 &&
/tmp/proj/prog >/tmp/proj/prog.out && tar -c -C /tmp/proj prog prog.out'

testMakeJ2OfFiftyFilesBuildsAndRuns()
{
	requires gcc make tar || return 0
	t0=$(date +%s)
	cp -r "$E2E_TMP/src" "$E2E_TMP/native"
	run_to make.native native make -j2 -C "$E2E_TMP/native"
	assertEquals "native make -j2: exit status" 0 "$st"
	[ "$st" = 0 ] || show "$E2E_TMP/make.native.err" 30
	run_to prog.native native "$E2E_TMP/native/prog"
	assertEquals "native prog: exit status" 0 "$st"
	t1=$(date +%s)

	run_to make.umk umk run -- /bin/sh -c "$GUEST_BUILD" sh "$E2E_TMP/src"
	t2=$(date +%s)
	echo "make -j2: native $((t1 - t0)) s, under umk $((t2 - t1)) s"
	assertEquals "make -j2 under umk: exit status" 0 "$st"
	if [ "$st" != 0 ]; then
		tail -n 20 "$E2E_TMP/make.umk.err" | sed 's/^/  /'
		return 0
	fi
	mkdir "$E2E_TMP/fromumk"
	if ! tar -x -C "$E2E_TMP/fromumk" -f "$E2E_TMP/make.umk.out"; then
		fail "the guest's tar of the build does not unpack"
		return 0
	fi
	assertTrue "the build under umk made no prog" "[ -x '$E2E_TMP/fromumk/prog' ]"
	if ! cmp -s "$E2E_TMP/prog.native.out" "$E2E_TMP/fromumk/prog.out"; then
		diff -u "$E2E_TMP/prog.native.out" "$E2E_TMP/fromumk/prog.out" | head -n 20
		fail "the umk-built prog, run under umk, prints other things than the native one"
	fi

	# The binary made under umk, run natively; the native one under umk.
	run_to prog.umkbuilt native "$E2E_TMP/fromumk/prog"
	assertEquals "umk-built prog run natively: exit status" 0 "$st"
	assertTrue "umk-built prog run natively: output differs" \
		"cmp -s '$E2E_TMP/prog.native.out' '$E2E_TMP/prog.umkbuilt.out'"
	run_to prog.inumk umk run -- "$E2E_TMP/native/prog"
	assertEquals "native-built prog under umk: exit status" 0 "$st"
	assertTrue "native-built prog under umk: output differs" \
		"cmp -s '$E2E_TMP/prog.native.out' '$E2E_TMP/prog.inumk.out'"
	assertEquals "prog's last line" "modules 50 checksum f7f08d63" \
		"$(tail -n 1 "$E2E_TMP/prog.native.out")"
}

# shellcheck disable=SC2016 # the scripts are expanded by the shells that run them
testMakeReportsACompileErrorTheSameWay()
{
	requires gcc make || return 0
	mkdir -p "$E2E_TMP/broken"
	printf 'all:\n\t$(CC) -c bad.c -o bad.o\n' >"$E2E_TMP/broken/Makefile"
	printf 'int f(void) { return undeclared; }\n' >"$E2E_TMP/broken/bad.c"
	# Built in the guest's /tmp; only make's status and the compiler's
	# diagnostic line count.
	run_to broken.native native /bin/sh -c \
		'cp -r "$1" "$2" && make -s -C "$2" 2>&1 | grep -c "error:"; exit 0' \
		sh "$E2E_TMP/broken" "$E2E_TMP/broken.native"
	run_to broken.umk umk run -- /bin/sh -c \
		'cp -r "$1" /tmp/b && make -s -C /tmp/b 2>&1 | grep -c "error:"; exit 0' \
		sh "$E2E_TMP/broken"
	assertEquals "exit status under umk" 0 "$st"
	assertEquals "compiler errors under umk" "$(cat "$E2E_TMP/broken.native.out")" \
		"$(cat "$E2E_TMP/broken.umk.out")"
	# make's own status, separately.
	run_to broken2.umk umk run -- /bin/sh -c \
		'cp -r "$1" /tmp/b && make -s -C /tmp/b' sh "$E2E_TMP/broken"
	assertEquals "make's exit status under umk for a failed compile" 2 "$st"
}

. /usr/bin/shunit2
