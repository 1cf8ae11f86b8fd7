#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# System tools inside umk, reading umk's /proc, /sys and mount table: ps
# (-ef, -L) lists the guest's own processes and threads, free and df
# report umk's memory and file systems, mount and /proc/mounts agree and
# a guest root mounts and unmounts a tmpfs, nproc and getconf count the
# CPUs from /sys, uptime runs.  And the everyday file work: git init, add
# and commit; a tar round trip whose archive is byte for byte the native
# one; cp -a keeping modes, times and links; find -exec; rm -rf of a deep
# tree.
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp tools || return 1
	# a tree with modes, times, a symlink, a hard link, an empty
	# directory and a name with a space
	t_=$E2E_TMP/src
	mkdir -p "$t_/a/b/c" "$t_/empty" "$t_/with space"
	printf 'one\n' >"$t_/one"
	seq 1 20000 >"$t_/a/numbers"
	printf '#!/bin/sh\necho hi\n' >"$t_/a/b/run"
	chmod 755 "$t_/a/b/run"
	chmod 600 "$t_/one"
	chmod 2750 "$t_/a/b/c"
	printf 'x' >"$t_/with space/file"
	ln -s ../one "$t_/a/link"
	ln "$t_/a/numbers" "$t_/a/b/hard"
	touch -h -d '2001-02-03 04:05:06' "$t_/one" "$t_/a/link" "$t_/a/b/run"
	chmod -R a+rX "$E2E_TMP"
	chmod 600 "$t_/one"
}

oneTimeTearDown()
{
	rm_tmp
}

# in_umk NAME SCRIPT: SCRIPT under `umk run -- /bin/sh -c`, from E2E_TMP;
# output in NAME.out/.err, status in $st.
in_umk()
{
	run_to "$1" sh -c 'cd "$1" && shift && exec "$@"' sh "$E2E_TMP" \
		"$UMK" run -- /bin/sh -c "$2"
	[ "$st" = 0 ] || show "$E2E_TMP/$1.err"
}

# same_in_umk NAME SCRIPT: SCRIPT prints the same natively and in umk.
same_in_umk()
{
	run_to "$1.native" sh -c 'cd "$1" && shift && exec "$@"' sh "$E2E_TMP" \
		/bin/sh -c "$2"
	in_umk "$1.umk" "$2"
	assertEquals "$1: exit status" 0 "$st"
	if ! cmp -s "$E2E_TMP/$1.native.out" "$E2E_TMP/$1.umk.out"; then
		diff -u "$E2E_TMP/$1.native.out" "$E2E_TMP/$1.umk.out" | head -n 20
		fail "$1: the output differs from native (diff above)"
	fi
	assertTrue "$1: no output" "[ -s '$E2E_TMP/$1.native.out' ]"
}

testPsListsTheGuestsProcessesAndThreads()
{
	requires ps python3 || return 0
	# (the loop, with builtins only, waits for the child's exec)
	in_umk ps 'sleep 30 &
		until read c </proc/$!/comm && [ "$c" = sleep ]; do :; done
		ps -e -o pid=,ppid=,comm=; ps -ef | sed -n 1p; kill $!'
	assertEquals "exit status" 0 "$st"
	# pid 1 is the shell, the sleep and ps are its children
	assertEquals "ps -e" "1 0 sh
2 1 sleep
3 1 ps" "$(awk 'NF == 3 { print $1, $2, $3 }' "$E2E_TMP/ps.out")"
	assertTrue "ps -ef header" "grep -q '^UID  *PID  *PPID  *C STIME TTY  *TIME CMD$' '$E2E_TMP/ps.out'"

	# (/usr/bin/python3: a python3 earlier in PATH may be a wrapper, such as
	# a pyenv shim, whose own processes would take pids 2, 3, ...)
	in_umk psl 'exec /usr/bin/python3 -c "
import os, subprocess, threading
e = threading.Event()
ts = [threading.Thread(target=e.wait) for _ in range(2)]
[t.start() for t in ts]
subprocess.run([\"ps\", \"-L\", \"-o\", \"pid=,lwp=,nlwp=,comm=\", \"-p\", str(os.getpid())])
e.set()
[t.join() for t in ts]
"'
	assertEquals "exit status" 0 "$st"
	assertEquals "ps -L: one line per thread" "1 1 3 python3
1 2 3 python3
1 3 3 python3" "$(awk '{ print $1, $2, $3, $4 }' "$E2E_TMP/psl.out")"
}

testFreeReportsUmksMemory()
{
	requires free || return 0
	run_to free sh -c 'cd "$1" && shift && exec "$@"' sh "$E2E_TMP" \
		"$UMK" run -m 256M -- /bin/sh -c 'free -k; grep MemTotal /proc/meminfo'
	assertEquals "exit status" 0 "$st"
	assertEquals "free's total" 262144 "$(awk '/^Mem:/ { print $2 }' "$E2E_TMP/free.out")"
	assertEquals "MemTotal" "MemTotal:         262144 kB" "$(grep MemTotal "$E2E_TMP/free.out")"
	assertEquals "no swap" "Swap: 0 0 0" "$(awk '/^Swap:/ { print $1, $2, $3, $4 }' "$E2E_TMP/free.out")"
}

testDfShowsRootAndTmp()
{
	requires df || return 0
	in_umk df 'df -P / /tmp /dev/shm && df -h /tmp >/dev/null && df -i / >/dev/null'
	assertEquals "exit status" 0 "$st"
	assertEquals "file systems and mount points" "hostfs /
tmpfs /tmp
tmpfs /dev/shm" "$(awk 'NR > 1 { print $1, $6 }' "$E2E_TMP/df.out")"
}

testMountAndProcMountsAgreeAndRootMounts()
{
	requires mount umount findmnt || return 0
	in_umk mount 'mkdir -p m && mount -t tmpfs -o size=1m,mode=700 scratch m &&
		mount | grep -e " on / " -e " on /proc " -e " on /sys " -e scratch &&
		grep scratch /proc/mounts &&
		findmnt -n -o FSTYPE,OPTIONS "$PWD/m" &&
		umount m && ! grep -q scratch /proc/self/mountinfo && echo gone &&
		umount /tmp; echo "umount /tmp: $?"'
	assertEquals "exit status" 0 "$st"
	assertEquals "mount, /proc/mounts, findmnt" "hostfs on / type hostfs (ro,relatime)
proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)
sysfs on /sys type sysfs (rw,nosuid,nodev,noexec,relatime)
scratch on $E2E_TMP/m type tmpfs (rw,relatime,size=1024k,mode=700)
scratch $E2E_TMP/m tmpfs rw,relatime,size=1024k,mode=700 0 0
tmpfs  rw,relatime,size=1024k,mode=700
gone
umount /tmp: 32" "$(cat "$E2E_TMP/mount.out")"
}

testNprocGetconfAndUptime()
{
	requires nproc getconf uptime || return 0
	in_umk cpus 'nproc; nproc --all; getconf _NPROCESSORS_ONLN; getconf _NPROCESSORS_CONF; cat /sys/devices/system/cpu/online; uptime'
	assertEquals "exit status" 0 "$st"
	n_=$(sed -n 1p "$E2E_TMP/cpus.out")
	assertTrue "nproc: $n_" "[ '$n_' -ge 1 ]"
	if [ "$n_" = 1 ]; then list_=0; else list_=0-$((n_ - 1)); fi
	assertEquals "the counts" "$n_ $n_ $n_ $n_ $list_" "$(sed -n 1,5p "$E2E_TMP/cpus.out" | tr '\n' ' ' | sed 's/ $//')"
	assertTrue "uptime" "sed -n 6p '$E2E_TMP/cpus.out' | grep -q ' up .*load average: [0-9.]*, [0-9.]*, [0-9.]*$'"
}

testGitInitAddCommit()
{
	requires git || return 0
	script_='rm -rf repo && cp -R src repo && cd repo &&
		git init -q && git add -A &&
		git -c user.name=umk -c user.email=umk@localhost commit -q -m "first commit" &&
		git log --format=%s && git status --porcelain &&
		git cat-file -p "HEAD^{tree}" && git fsck 2>/dev/null && echo fsck ok'
	same_in_umk git "$script_"
}

testTarRoundTripMatchesNativeByteForByte()
{
	requires tar || return 0
	script_='rm -rf out && mkdir out &&
		tar --sort=name --mtime=@1000000000 --owner=0 --group=0 --numeric-owner -cf x.tar -C src . &&
		tar -xpf x.tar -C out && diff -r src out && echo same tree &&
		tar -tvf x.tar | sort'
	same_in_umk tar "$script_"
	mv "$E2E_TMP/x.tar" "$E2E_TMP/umk.tar"
	native tar --sort=name --mtime=@1000000000 --owner=0 --group=0 --numeric-owner \
		-cf "$E2E_TMP/native.tar" -C "$E2E_TMP/src" .
	assertTrue "the archive made in umk is the native one" \
		"cmp '$E2E_TMP/native.tar' '$E2E_TMP/umk.tar'"
}

testCpArchiveKeepsModesTimesAndLinks()
{
	requires cp find stat || return 0
	script_='rm -rf copy && cp -a src copy &&
		(cd src && find . -exec stat -c "%n %F %a %s %Y %h" {} + | sort) >a.list &&
		(cd copy && find . -exec stat -c "%n %F %a %s %Y %h" {} + | sort) >b.list &&
		diff a.list b.list && readlink copy/a/link && cat b.list'
	same_in_umk cpa "$script_"
}

testFindExec()
{
	requires find md5sum || return 0
	script_='cd src && find . -type f -exec md5sum {} + | sort &&
		find . -name "*e*" -exec sh -c "echo found \"\$1\"" sh {} \; | sort &&
		find . -type d -empty -print &&
		find . -newer one -type f | sort'
	same_in_umk find "$script_"
}

testRmRfDeepTree()
{
	script_='for base in deep /tmp/deep; do
			d=$base; i=0
			while [ $i -lt 100 ]; do d=$d/d$i; i=$((i + 1)); done
			mkdir -p "$d" && for f in 1 2 3; do echo $f >"$d/f$f"; done &&
			mkdir -p $base/wide && (cd $base/wide && seq 1 300 | xargs touch) &&
			rm -rf $base && [ ! -e $base ] && echo "$base removed"
		done'
	same_in_umk rmrf "$script_"
	assertFalse "the host directory" "[ -e '$E2E_TMP/deep' ]"
}

# As a normal user too: a file made read-only by its creating open (tar's
# and git's way) is still written through that open.
testCreatingOpenWritesANewReadOnlyFileAsNobody()
{
	nobody_='setpriv --reuid=65534 --regid=65534 --clear-groups --'
	if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
		skip_test "not root (or no setpriv): cannot become uid 65534"
		return 0
	fi
	if ! $nobody_ test -x "$UMK"; then
		skip_test "$UMK is not accessible to uid 65534"
		return 0
	fi
	mkdir "$E2E_TMP/nobody" && chown 65534:65534 "$E2E_TMP/nobody"
	script_='umask 777; echo data >f; echo "write: $?"; chmod 600 f; cat f'
	run_to ro.native sh -c 'cd "$1" && shift && exec "$@"' sh \
		"$E2E_TMP/nobody" $nobody_ /bin/sh -c "$script_"
	rm -f "$E2E_TMP/nobody/f"
	run_to ro.umk sh -c 'cd "$1" && shift && exec "$@"' sh \
		"$E2E_TMP/nobody" $nobody_ "$UMK" run -- /bin/sh -c "$script_"
	assertEquals "native" "write: 0
data" "$(cat "$E2E_TMP/ro.native.out")"
	assertEquals "in umk" "write: 0
data" "$(cat "$E2E_TMP/ro.umk.out")"
}

. /usr/bin/shunit2
