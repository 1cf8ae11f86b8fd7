#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# inotify from real programs: coreutils' `tail -f` (which waits for the
# file with inotify) prints the lines another process appends, and ends
# when killed; `tail -F` follows a log that is rotated (renamed away and
# made anew).  Run natively and under umk; the outputs must be the same.
# tail's polling is made useless (-s 100: a look every 100 s), so the lines
# come in time only through inotify.  The files are on /tmp (under umk its
# tmpfs): tail polls files on file systems it does not know, as hostfs.
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp inotify || return 1
	# The guest script: $1 is tail's mode (-f or -F).
	cat >"$E2E_TMP/follow.sh" <<'SCRIPT'
set -u
f=$(mktemp /tmp/umk-inotify.XXXXXX) || exit 1
tail -s 100 "$1" "$f" >"$f.out" 2>"$f.err" &
t=$!
# upto N: wait (10 s at most) until tail has printed N lines
upto()
{
	n=0
	while [ "$(wc -l <"$f.out")" -lt "$1" ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
sleep 0.5
for i in 1 2 3; do
	sh -c "echo line $i >>$f"
	upto "$i"
done
if [ "$1" = -F ]; then
	mv "$f" "$f.old"
	# (until tail has said so: else it may see the new file first)
	n=0
	while ! grep -q inaccessible "$f.err" && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	sh -c "echo line 4 >$f.new && mv $f.new $f"
	upto 4
	sh -c "echo line 5 >>$f"
	upto 5
fi
kill "$t"
wait "$t"
echo "tail: status $?"
cat "$f.out"
sed 's|/tmp/umk-inotify\.[A-Za-z0-9]*|FILE|g' "$f.err"
rm -f "$f" "$f.out" "$f.err" "$f.old"
SCRIPT
}

oneTimeTearDown()
{
	rm_tmp
}

testTailFollowPrintsAppendedLinesAndEndsWhenKilled()
{
	requires tail || return 0
	assert_same_as_native tail-f /bin/sh "$E2E_TMP/follow.sh" -f
	assertEquals "tail -f under umk" "tail: status 143
line 1
line 2
line 3" "$(cat "$E2E_TMP/tail-f.umk.out")"
}

testTailFollowNameSeesTheLogRotated()
{
	requires tail || return 0
	assert_same_as_native tail-F /bin/sh "$E2E_TMP/follow.sh" -F
	if ! grep -q '^line 5$' "$E2E_TMP/tail-F.umk.out"; then
		show "$E2E_TMP/tail-F.umk.out"
		fail "tail -F under umk did not follow the new file"
	fi
}

. /usr/bin/shunit2
