#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The tree `umk run` builds: the root read-only, the working directory
# writable (and its changes on the host), an empty $HOME, and --bind,
# --ro-bind and --tmpfs in the order given, each over what is there.  Bad
# mount options get one line and status 125.
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp mounts || return 1
	mkdir -p "$E2E_TMP/work" "$E2E_TMP/data/sub" "$E2E_TMP/home" "$E2E_TMP/other"
	echo data >"$E2E_TMP/data/sub/file"
	echo secret >"$E2E_TMP/home/.secret"
	echo other >"$E2E_TMP/other/o"
	chmod -R a+rwX "$E2E_TMP"
}

oneTimeTearDown()
{
	rm_tmp
}

# in_dir DIR CMD...: CMD with DIR as its working directory.
in_dir()
{
	(cd "$1" && shift && "$@")
}

# with_home DIR CMD...: CMD with HOME=DIR.
with_home()
{
	(HOME=$1 && export HOME && shift && "$@")
}

testWorkingDirectoryIsWritableAndChangesReachTheHost()
{
	run_to cwd in_dir "$E2E_TMP/work" umk run -- /bin/sh -c \
		'echo built >out.o && mkdir -p d/e && echo x >d/e/f && mv d/e/f d/g && rm -r d/e && cat out.o'
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "built" "$(cat "$E2E_TMP/cwd.out")"
	assertEquals "the host file" "built" "$(cat "$E2E_TMP/work/out.o" 2>&1)"
	assertEquals "the renamed host file" "x" "$(cat "$E2E_TMP/work/d/g" 2>&1)"
	assertFalse "the removed host directory" "[ -e '$E2E_TMP/work/d/e' ]"
	[ "$st" = 0 ] || show "$E2E_TMP/cwd.err"
}

# change_then_go PATTERN OUT PID CMD...: once OUT (the stdout of the guest
# PID, which waits to read the fifo $E2E_TMP/go) has a line matching
# PATTERN (10 s at most), run CMD on the host, let the guest read, and wait
# for it; st: its exit status.
change_then_go()
{
	pattern=$1 out=$2 gpid=$3
	shift 3
	exec 7>"$E2E_TMP/go"
	i=0
	while ! grep -q "$pattern" "$out" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	"$@"
	echo go >&7
	exec 7>&-
	wait "$gpid"
	st=$?
	rm -f "$E2E_TMP/go"
}

# The changes the two tests below make on the host in $d.
change_links()
{
	rmdir "$d/dir"
	ln -s elsewhere "$d/dir"
	mkdir "$d/gone"
}

change_files()
{
	printf 12345 >"$d/f"
	echo made >"$d/new"
	change_links
}

# A host change finished before the guest's next syscall is seen by it,
# however much umk trusts what it saw before (hostfs's watches): a file
# looked at often (trusted), a name looked up in vain twice (a negative
# entry).  The guest waits on its stdin, a fifo the host writes after the
# changes.
testHostChangesShowAtTheGuestsNextLook()
{
	d=$E2E_TMP/work/changes
	mkdir -p "$d"
	printf 1 >"$d/f"
	rm -rf "$d/new" "$d/dir" "$d/gone" "$E2E_TMP/go"
	mkdir "$d/dir"
	sleep 0.1	# relatime: the read below moves the atime past the mtime
	mkfifo "$E2E_TMP/go"
	# readlink(2) of a directory and of a missing name, asked again and
	# again (answered from umk's link cache), then changed on the host
	(cd "$d" && exec "$UMK" run -- /bin/sh -c '
		cat f >/dev/null
		for i in 1 2 3 4 5; do stat -c %s f >/dev/null; test -e new
			readlink "$PWD/dir" "$PWD/gone"; done
		echo ready
		read line
		stat -c %s f; test -e new && cat new
		readlink -v "$PWD/dir" "$PWD/gone" 2>&1 | sed "s|$PWD/||"') \
		<"$E2E_TMP/go" >"$E2E_TMP/changes.out" 2>"$E2E_TMP/changes.err" &
	change_then_go ready "$E2E_TMP/changes.out" $! change_files
	assertEquals "exit status" 0 "$st"
	assertEquals "what the guest saw after the changes" "ready
5
made
elsewhere
readlink: gone: Invalid argument" "$(cat "$E2E_TMP/changes.out")"
	[ ! -s "$E2E_TMP/changes.err" ] || show "$E2E_TMP/changes.err"
}

# The same for readlink(2), whose answers the stub may give from umk's
# link cache without asking umk: the first syscall after the host's change
# is the readlink (python3 reads its stdin, then asks at once), so only
# the handler's look at the host's waiting events can tell it.
testHostChangesReachTheLinkCacheAtOnce()
{
	d=$E2E_TMP/work/links
	rm -rf "$d" "$E2E_TMP/go"
	mkdir -p "$d/dir"
	mkfifo "$E2E_TMP/go"
	(cd "$d" && exec "$UMK" run -- python3 -c '
import os, sys
def ask(p):
    try:
        return os.readlink(p)
    except OSError as e:
        return e.strerror
d = os.getcwd()
for i in range(20):
    ask(d + "/dir"), ask(d + "/gone")
print(ask(d + "/dir"), ask(d + "/gone"), sep=", ", flush=True)
sys.stdin.readline()
print(ask(d + "/dir"), ask(d + "/gone"), sep=", ", flush=True)') \
		<"$E2E_TMP/go" >"$E2E_TMP/links.out" 2>"$E2E_TMP/links.err" &
	change_then_go ", " "$E2E_TMP/links.out" $! change_links
	assertEquals "exit status" 0 "$st"
	assertEquals "readlink before and after the changes" "Invalid argument, No such file or directory
elsewhere, Invalid argument" "$(cat "$E2E_TMP/links.out")"
	[ ! -s "$E2E_TMP/links.err" ] || show "$E2E_TMP/links.err"
}

testRootStaysReadOnly()
{
	victim=/umk-e2e-root-write.$$
	run_to ro in_dir "$E2E_TMP/work" umk run -- /bin/sh -c \
		"touch $victim 2>&1; echo gone >$E2E_TMP/other/o"
	assertNotEquals "writing outside the working directory succeeded" 0 "$st"
	assertTrue "EROFS reported" "grep -q 'Read-only file system' '$E2E_TMP/ro.out'"
	assertFalse "a file appeared on the host" "[ -e '$victim' ]"
	assertEquals "the host file" "other" "$(cat "$E2E_TMP/other/o")"
	rm -f "$victim"
}

testNoSetuidFileReachesTheHost()
{
	run_to suid in_dir "$E2E_TMP/work" umk run -- /bin/sh -c \
		'cp /bin/true suid && chmod 4755 suid && chmod g+s suid; mkdir -p sgid && chmod 2755 sgid; stat -c %a suid sgid'
	assertEquals "exit status" 0 "$st"
	assertEquals "modes inside: no setuid/setgid file, a setgid directory" "755
2755" "$(cat "$E2E_TMP/suid.out")"
	assertEquals "the host file's mode" "755" "$(stat -c %a "$E2E_TMP/work/suid" 2>&1)"
	[ "$st" = 0 ] || show "$E2E_TMP/suid.err"
}

testRoBindDotKeepsTheWorkingDirectoryReadOnly()
{
	run_to robind in_dir "$E2E_TMP/work" umk run --ro-bind . -- /bin/sh -c 'echo x >ro-cwd'
	assertNotEquals "exit status" 0 "$st"
	assertFalse "the file was written" "[ -e '$E2E_TMP/work/ro-cwd' ]"
}

testHomeIsEmpty()
{
	run_to home with_home "$E2E_TMP/home" umk run -- /bin/sh -c \
		'ls -A "$HOME"; echo scratch >"$HOME/.cache"; cat "$HOME/.cache"'
	assertEquals "exit status" 0 "$st"
	assertEquals "the home inside: empty, writable" "scratch" "$(cat "$E2E_TMP/home.out")"
	assertFalse "a file appeared in the host home" "[ -e '$E2E_TMP/home/.cache' ]"
	[ "$st" = 0 ] || show "$E2E_TMP/home.err"
}

testWorkingDirectoryInsideTheHomeIsThere()
{
	mkdir -p "$E2E_TMP/home/proj"
	echo src >"$E2E_TMP/home/proj/main.c"
	run_to homecwd in_dir "$E2E_TMP/home/proj" with_home "$E2E_TMP/home" \
		umk run -- /bin/sh -c 'cat main.c; ls -A "$HOME"'
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "src
proj" "$(cat "$E2E_TMP/homecwd.out")"
	[ "$st" = 0 ] || show "$E2E_TMP/homecwd.err"
}

testBindAtAnotherPathIsWritable()
{
	run_to bind umk run --bind "$E2E_TMP/data:/tmp/in/data" -- /bin/sh -c \
		'cat /tmp/in/data/sub/file && echo new >/tmp/in/data/new'
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "data" "$(cat "$E2E_TMP/bind.out")"
	assertEquals "the host file" "new" "$(cat "$E2E_TMP/data/new" 2>&1)"
	[ "$st" = 0 ] || show "$E2E_TMP/bind.err"
	rm -f "$E2E_TMP/data/new"
}

testRoBindIsReadOnly()
{
	run_to robind2 umk run --ro-bind "$E2E_TMP/data:/tmp/ro" -- /bin/sh -c \
		'cat /tmp/ro/sub/file; echo x >/tmp/ro/new'
	assertNotEquals "exit status" 0 "$st"
	assertEquals "stdout" "data" "$(cat "$E2E_TMP/robind2.out")"
	assertFalse "a file appeared on the host" "[ -e '$E2E_TMP/data/new' ]"
}

testTmpfsIsEmptyAndPrivate()
{
	run_to tmpfs umk run --tmpfs "$E2E_TMP/other" -- /bin/sh -c \
		"ls -A $E2E_TMP/other; echo t >$E2E_TMP/other/t && cat $E2E_TMP/other/t"
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "t" "$(cat "$E2E_TMP/tmpfs.out")"
	assertFalse "a file appeared on the host" "[ -e '$E2E_TMP/other/t' ]"
	[ "$st" = 0 ] || show "$E2E_TMP/tmpfs.err"
}

testLaterMountsGoOnTop()
{
	run_to order umk run --tmpfs /tmp/x --bind "$E2E_TMP/other:/tmp/x" -- cat /tmp/x/o
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "other" "$(cat "$E2E_TMP/order.out")"
	run_to order2 umk run --bind "$E2E_TMP/other:/tmp/x" --tmpfs /tmp/x -- ls -A /tmp/x
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "" "$(cat "$E2E_TMP/order2.out")"
}

testProcMountsListsTheBinds()
{
	run_to pm in_dir "$E2E_TMP/work" umk run --ro-bind "$E2E_TMP/data:/tmp/d" -- cat /proc/mounts
	assertEquals "exit status" 0 "$st"
	assertTrue "the working directory, read-write" \
		"grep -q '^$E2E_TMP/work $E2E_TMP/work hostfs rw' '$E2E_TMP/pm.out'"
	assertTrue "the bind, read-only" "grep -q '^$E2E_TMP/data /tmp/d hostfs ro' '$E2E_TMP/pm.out'"
	assertTrue "the root, read-only" "grep -q '^hostfs / hostfs ro' '$E2E_TMP/pm.out'"
}

testBadMountOptionsExit125()
{
	run_to b1 umk run --bind "$E2E_TMP/no-such" -- /bin/true
	assert_umk_error b1 125 "missing source"
	run_to b2 umk run --ro-bind "$E2E_TMP/data/sub/file" -- /bin/true
	assert_umk_error b2 125 "source is a file"
	run_to b3 umk run --bind "$E2E_TMP/data:relative" -- /bin/true
	assert_umk_error b3 125 "relative guest path"
	run_to b4 umk run --tmpfs /tmp/../etc -- /bin/true
	assert_umk_error b4 125 "guest path with .."
	run_to b5 umk run --bind "$E2E_TMP/data:/" -- /bin/true
	assert_umk_error b5 125 "over the root"
	run_to b6 umk run --tmpfs /no-such-dir-in-root -- /bin/true
	assert_umk_error b6 125 "mount point missing on the read-only root"
	assertTrue "the message names the option" \
		"grep -q 'tmpfs /no-such-dir-in-root' '$E2E_TMP/b6.err'"
	run_to b7 umk run --bind
	assert_umk_error b7 125 "no argument"
}

testUnprivilegedUserWritesItsWorkingDirectory()
{
	if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
		skip_test "needs root (to become uid 65534) and setpriv"
		return 0
	fi
	if ! setpriv --reuid=65534 --regid=65534 --clear-groups -- test -x "$UMK"; then
		skip_test "$UMK is not accessible to uid 65534"
		return 0
	fi
	mkdir -p "$E2E_TMP/nobody"
	chown 65534:65534 "$E2E_TMP/nobody"
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups --"
	run_to nobody in_dir "$E2E_TMP/nobody" umk run -- /bin/sh -c \
		'id -u; echo mine >f; ls -ln f | cut -d" " -f3'
	AS=
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout: guest root, owner root inside" "0
0" "$(cat "$E2E_TMP/nobody.out")"
	assertEquals "the host file's owner" "65534" "$(stat -c %u "$E2E_TMP/nobody/f" 2>&1)"
	[ "$st" = 0 ] || show "$E2E_TMP/nobody.err"
}

. /usr/bin/shunit2
