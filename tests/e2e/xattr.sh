#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Extended attributes as the attr tools use them: setfattr and getfattr on
# the working directory (hostfs: the host file keeps them) and on /tmp
# (tmpfs), as natively; cp -a keeps them; umk's own user.umk.* names on a
# host file are hidden from the guest and refused to it.  Skipped where
# the attr tools are missing, or the host file system keeps no user
# attributes.
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp xattr || return 1
	mkdir -p "$E2E_TMP/work"
	chmod -R a+rwX "$E2E_TMP"
	if ! command -v setfattr >/dev/null || ! command -v getfattr >/dev/null; then
		skip_all "setfattr/getfattr are not installed (tools/setup installs attr)"
		return 0
	fi
	touch "$E2E_TMP/probe"
	if ! setfattr -n user.probe -v 1 "$E2E_TMP/probe" 2>/dev/null; then
		skip_all "the host file system of $E2E_TMP keeps no user extended attributes"
	fi
	rm -f "$E2E_TMP/probe"
}

oneTimeTearDown()
{
	rm_tmp
}

in_work()
{
	(cd "$E2E_TMP/work" && "$@")
}

# The script run natively and under umk: a file and a directory in the
# working directory and in /tmp get attributes, then are listed, changed,
# copied with cp -a and removed.
SCRIPT='set -e
for d in "$PWD/here" "$(mktemp -d /tmp/xattr-e2e.XXXXXX)"; do
	mkdir -p "$d/dir" && echo x >"$d/file"
	setfattr -n user.color -v blue "$d/file"
	setfattr -n user.empty "$d/file"
	setfattr -n user.mood -v 0x6869 "$d/dir"
	cd "$d"
	getfattr -d file dir
	setfattr -x user.empty file
	setfattr -n user.color -v green file
	cp -a file copy && cp -a dir dircopy
	getfattr -d copy dircopy
	getfattr -n user.empty file 2>&1 || echo "status $?"
	cd / && rm -r "$d"
done'

testSetfattrAndGetfattrAsNatively()
{
	cd "$E2E_TMP/work" || return 1
	assert_same_as_native attr /bin/sh -c "$SCRIPT"
	cd "$ROOT" || return 1
}

testHostFileKeepsTheGuestsAttributes()
{
	run_to keep in_work umk run -- /bin/sh -c \
		'echo x >kept && setfattr -n user.from -v guest kept'
	assertEquals "exit status" 0 "$st"
	assertEquals "the host file's attribute" '"guest"' \
		"$(getfattr --absolute-names --only-values -n user.from "$E2E_TMP/work/kept" 2>&1 | sed 's/^/"/;s/$/"/')"
	[ "$st" = 0 ] || show "$E2E_TMP/keep.err"
}

testUmkNamesAreHiddenAndRefused()
{
	echo x >"$E2E_TMP/work/owned"
	setfattr -n user.umk.uid -v 0 "$E2E_TMP/work/owned"
	setfattr -n user.visible -v 1 "$E2E_TMP/work/owned"
	run_to hidden in_work umk run -- /bin/sh -c \
		'getfattr -d -m - owned; getfattr -n user.umk.uid owned 2>&1; setfattr -n user.umk.gid -v 0 owned 2>&1; setfattr -x user.umk.uid owned 2>&1; true'
	assertEquals "exit status" 0 "$st"
	assertTrue "user.visible is listed" "grep -q '^user.visible=\"1\"' '$E2E_TMP/hidden.out'"
	assertFalse "user.umk.uid is listed" "grep -q 'user.umk.uid=' '$E2E_TMP/hidden.out'"
	assertTrue "user.umk.uid is absent to get" "grep -q 'No such attribute' '$E2E_TMP/hidden.out'"
	assertEquals "setting or removing user.umk.* is refused" 2 \
		"$(grep -c 'Operation not permitted' "$E2E_TMP/hidden.out")"
	assertEquals "the host attribute is unchanged" "0" \
		"$(getfattr --absolute-names --only-values -n user.umk.uid "$E2E_TMP/work/owned" 2>&1)"
	[ "$st" = 0 ] || show "$E2E_TMP/hidden.err"
}

. /usr/bin/shunit2
