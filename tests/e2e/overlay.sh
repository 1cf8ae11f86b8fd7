#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# umk run --overlay[=UPPERDIR]: a copy-on-write layer over the root.  The
# lower tree (a scratch root with the host's /usr bound in, and the host's
# own / for rm -rf /usr/share/doc) never changes on the host; `umk diff`
# lists the change set, `umk merge` applies it to a copy, which then looks
# exactly as the guest saw its tree; the in-memory overlay is forgotten at
# exit, an UPPERDIR keeps changes for the next run; bad UPPERDIRs get one
# line and status 125.  The copy-up programs (tests/guest/existing_*.c) run
# here against files of the lower tree, and some file syscall programs with
# a directory of the overlay as their working directory.
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp overlay || return 1
	L=$E2E_TMP/lower
	mkdir -p "$L/usr" "$L/tmp" "$L/dev" "$L/proc" "$L/t/bin"
	# The host's programs: /usr bound read-only over the scratch root,
	# /bin, /lib... as the host has them (symlinks into /usr, or binds).
	BINDS="--ro-bind /usr"
	for d in bin sbin lib lib32 lib64; do
		if [ -L "/$d" ]; then
			cp -P "/$d" "$L/$d"
		elif [ -d "/$d" ]; then
			mkdir "$L/$d"
			BINDS="$BINDS --ro-bind /$d"
		fi
	done
	mkdir -p "$L/data/doc/pkg1" "$L/data/doc/pkg2/sub" "$L/data/etc" "$L/data/dirA/in"
	echo readme >"$L/data/doc/pkg1/README"
	echo copyright >"$L/data/doc/pkg2/copyright"
	echo deep >"$L/data/doc/pkg2/sub/deep"
	echo conf >"$L/data/etc/conf"
	echo keep >"$L/data/keep"
	echo a >"$L/data/dirA/in/a"
	ln -s keep "$L/data/link"
	# the copy-up programs' trees (made natively, before any run)
	PROGS=
	for p in "$ROOT"/build/tests/guest/existing_*; do
		[ -x "$p" ] || continue
		n=${p##*/}
		mkdir "$L/t/$n"
		"$p" --setup "$L/t/$n" || return 1
		PROGS="$PROGS $n"
	done
	chmod -R a+rwX "$E2E_TMP"
	snapshot "$L" >"$E2E_TMP/lower.before"
}

oneTimeTearDown()
{
	rm_tmp
}

# snapshot DIR: every path below DIR with its type, mode, size, mtime,
# inode and link target, and every file's checksum.
snapshot()
{
	(cd "$1" && find . -printf '%p %y %m %s %T@ %i %l\n' | sort &&
		find . -type f -exec md5sum {} + | sort)
}

# view DIR: what a tree looks like (no times or inode numbers: a merged
# copy has its own).
view()
{
	(cd "$1" && find . -printf '%p %y %m %s %l\n' | sort &&
		find . -type f -exec md5sum {} + | sort -k 2)
}

# upper NAME: a fresh, empty upper directory.
upper()
{
	mkdir "$E2E_TMP/$1" && chmod 777 "$E2E_TMP/$1"
	echo "$E2E_TMP/$1"
}

# ovl NAME OVERLAY-OPTION CMD...: CMD in the scratch root under the overlay.
ovl()
{
	o_name=$1
	o_opt=$2
	shift 2
	# shellcheck disable=SC2086 # BINDS is a list of options
	run_to "$o_name" umk run --root "$L" $BINDS \
		--ro-bind "$ROOT/build/tests/guest:/t/bin" "$o_opt" -- "$@"
}

testCopyUpProgramsInMemory()
{
	[ -n "$PROGS" ] || { skip_test "no tests/guest programs built (make test-programs)"; return 0; }
	for n in $PROGS; do
		ovl "mem.$n" --overlay "/t/bin/$n" "/t/$n"
		assertEquals "$n under --overlay" 0 "$st"
		[ "$st" = 0 ] || show "$E2E_TMP/mem.$n.err"
	done
}

testCopyUpProgramsThenMergeGivesWhatTheGuestSaw()
{
	[ -n "$PROGS" ] || { skip_test "no tests/guest programs built (make test-programs)"; return 0; }
	up=$(upper up.progs)
	for n in $PROGS; do
		ovl "up.$n" --overlay="$up" "/t/bin/$n" "/t/$n"
		assertEquals "$n under --overlay=UPPERDIR" 0 "$st"
		[ "$st" = 0 ] || show "$E2E_TMP/up.$n.err"
	done
	ovl progs.view --overlay="$up" /bin/sh -c \
		'cd /t && find . -path ./bin -prune -o -printf "%p %y %m %s %l\n" | sort &&
		 find . -path ./bin -prune -o -type f -exec md5sum {} + | sort -k 2'
	assertEquals "listing in the guest" 0 "$st"
	run_to progs.diff "$UMK" diff "$up"
	assertEquals "umk diff" 0 "$st"
	assertTrue "umk diff lists changes" "grep -q '^C /t/existing_file_written_keeps_old_data_and_inode/f$' '$E2E_TMP/progs.diff.out'"
	assertTrue "umk diff lists deletions" "grep -q '^D /t/existing_file_unlinked_then_recreated_is_new/f$' '$E2E_TMP/progs.diff.out'"
	assertTrue "umk diff lists additions" "grep -q '^A /t/existing_file_hard_linked_shares_data/g$' '$E2E_TMP/progs.diff.out'"
	assertEquals "umk diff output is sorted" "$(cut -c3- "$E2E_TMP/progs.diff.out")" \
		"$(cut -c3- "$E2E_TMP/progs.diff.out" | LC_ALL=C sort)"
	cp -a "$L" "$E2E_TMP/copy.progs"
	run_to progs.merge "$UMK" merge "$up" "$E2E_TMP/copy.progs"
	assertEquals "umk merge" 0 "$st"
	rm -rf "$E2E_TMP/copy.progs/t/bin"
	view "$E2E_TMP/copy.progs/t" >"$E2E_TMP/progs.merged"
	if ! diff -u "$E2E_TMP/progs.view.out" "$E2E_TMP/progs.merged" >"$E2E_TMP/progs.d"; then
		show "$E2E_TMP/progs.d" 30
		fail "the merged copy differs from the guest's view"
	fi
}

testRmRfKeepsLowerAndDiffMergeApplyIt()
{
	up=$(upper up.rm)
	ovl rm --overlay="$up" /bin/sh -c 'rm -rf /data/doc && ls /data'
	assertEquals "rm -rf under the overlay" 0 "$st"
	assertEquals "the guest's /data" "dirA etc keep link" "$(echo $(cat "$E2E_TMP/rm.out"))"
	assertTrue "the host's tree is untouched" "[ -f '$L/data/doc/pkg2/sub/deep' ]"
	run_to rm.diff "$UMK" diff "$up"
	assertEquals "umk diff" "D /data/doc" "$(cat "$E2E_TMP/rm.diff.out")"
	cp -a "$L" "$E2E_TMP/copy.rm"
	run_to rm.merge "$UMK" merge -v "$up" "$E2E_TMP/copy.rm"
	assertEquals "umk merge" 0 "$st"
	assertEquals "umk merge -v" "D /data/doc" "$(cat "$E2E_TMP/rm.merge.out")"
	assertFalse "the copy's /data/doc" "[ -e '$E2E_TMP/copy.rm/data/doc' ]"
	assertTrue "the copy's /data/keep" "[ -f '$E2E_TMP/copy.rm/data/keep' ]"
}

testRealRootRmRfUsrShareDoc()
{
	[ -d /usr/share/doc ] || { skip_test "the host has no /usr/share/doc"; return 0; }
	up=$(upper up.real)
	before=$(find /usr/share/doc -printf '%p %m %s %T@\n' | md5sum)
	run_to real umk run --overlay="$up" -- /bin/sh -c \
		'rm -rf /usr/share/doc && test ! -e /usr/share/doc && echo gone'
	assertEquals "rm -rf /usr/share/doc" 0 "$st"
	assertEquals "in the guest" "gone" "$(cat "$E2E_TMP/real.out")"
	assertEquals "the host's /usr/share/doc" "$before" \
		"$(find /usr/share/doc -printf '%p %m %s %T@\n' | md5sum)"
	run_to real.diff "$UMK" diff "$up"
	assertEquals "umk diff" "D /usr/share/doc" "$(cat "$E2E_TMP/real.diff.out")"
	mkdir -p "$E2E_TMP/scratch/usr/share/doc/p" "$E2E_TMP/scratch/usr/share/other"
	echo x >"$E2E_TMP/scratch/usr/share/doc/p/copyright"
	run_to real.merge "$UMK" merge "$up" "$E2E_TMP/scratch"
	assertEquals "umk merge" 0 "$st"
	assertFalse "the scratch copy's doc" "[ -e '$E2E_TMP/scratch/usr/share/doc' ]"
	assertTrue "the scratch copy's other" "[ -d '$E2E_TMP/scratch/usr/share/other' ]"
}

testInMemoryOverlayIsForgottenAtExit()
{
	ovl mem1 --overlay /bin/sh -c \
		'echo new >/data/new && echo changed >/data/keep && rm /data/etc/conf && cat /data/new /data/keep'
	assertEquals "first run" 0 "$st"
	assertEquals "first run's view" "new changed" "$(echo $(cat "$E2E_TMP/mem1.out"))"
	ovl mem2 --overlay /bin/sh -c 'ls /data; cat /data/keep /data/etc/conf'
	assertEquals "second run" 0 "$st"
	assertEquals "second run's view" "dirA doc etc keep link keep conf" \
		"$(echo $(cat "$E2E_TMP/mem2.out"))"
}

testUpperDirKeepsChangesForTheNextRun()
{
	up=$(upper up.keep)
	ovl keep1 --overlay="$up" /bin/sh -c \
		'echo persisted >/data/new && rm /data/etc/conf && chmod 600 /data/keep && mkdir /data/etc/d'
	assertEquals "first run" 0 "$st"
	ovl keep2 --overlay="$up" /bin/sh -c \
		'cat /data/new; ls /data/etc; stat -c %a /data/keep; test -e /data/etc/conf || echo no-conf'
	assertEquals "second run" 0 "$st"
	assertEquals "second run's view" "persisted d 600 no-conf" \
		"$(echo $(cat "$E2E_TMP/keep2.out"))"
	assertEquals "the host's file" "conf" "$(cat "$L/data/etc/conf")"
}

testWhiteoutNamesAreHiddenAndReserved()
{
	up=$(upper up.wh)
	ovl wh --overlay="$up" /bin/sh -c \
		'rm /data/keep; mkdir /data/doc2; touch /data/.wh.x 2>&1; ls -a /data'
	assertEquals "the guest's /data" \
		"touch: cannot touch '/data/.wh.x': Invalid argument . .. dirA doc doc2 etc link" \
		"$(echo $(cat "$E2E_TMP/wh.out"))"
	assertTrue "the whiteout on the host" "[ -f '$up/data/.wh.keep' ]"
}

testDirectoryRenameFallsBackToCopy()
{
	ovl mv --overlay /bin/sh -c 'mv /data/dirA /data/dirB && cat /data/dirB/in/a && ls /data'
	assertEquals "mv of a lower directory" 0 "$st"
	assertEquals "after mv" "a dirB doc etc keep link" "$(echo $(cat "$E2E_TMP/mv.out"))"
	[ "$st" = 0 ] || show "$E2E_TMP/mv.err"
}

# File syscall conformance programs (tests/guest) with an overlay tree as
# their working directory: the same answers as on tmpfs and hostfs.
testFileProgramsWithTheOverlayAsWorkingDirectory()
{
	for n in unlink_rmdir_link_mkdir_errors_and_exdev \
		removed_directory_and_unlinked_file_through_open_fds \
		open_flags_append_excl_directory_nofollow \
		renameat2_exchange_dirs_across_parents_and_ancestors \
		truncate_ftruncate_and_sync_calls_with_their_errors \
		utimensat_now_omit_nofollow_and_permissions; do
		[ -x "$ROOT/build/tests/guest/$n" ] || continue
		ovl "cwd.$n" --overlay /bin/sh -c \
			"mkdir -p /data/w/build/tests && cd /data/w && /t/bin/$n"
		assertEquals "$n with an overlay working directory" 0 "$st"
		[ "$st" = 0 ] || show "$E2E_TMP/cwd.$n.err"
	done
}

testMountTableAndDeviceOfTheOverlay()
{
	ovl mnt --overlay /bin/sh -c \
		'grep "^overlay / overlay " /proc/mounts; test "$(stat -c %d /)" = "$(stat -c %d /data/keep)" && echo same-dev'
	assertEquals "status" 0 "$st"
	assertEquals "/proc/mounts and st_dev" "overlay / overlay rw,relatime 0 0 same-dev" \
		"$(echo $(cat "$E2E_TMP/mnt.out"))"
}

testBadUpperDirectories()
{
	echo f >"$E2E_TMP/a-file"
	run_to bad1 umk run --overlay="$E2E_TMP/missing" -- /bin/true
	assert_umk_error bad1 125 "a missing UPPERDIR"
	run_to bad2 umk run --overlay="$E2E_TMP/a-file" -- /bin/true
	assert_umk_error bad2 125 "a file as UPPERDIR"
	run_to bad3 umk run --root "$L" --overlay="$L" -- /bin/true
	assert_umk_error bad3 125 "the root as UPPERDIR"
	run_to bad4 umk run --root "$L/data" --overlay="$L" -- /bin/true
	assert_umk_error bad4 125 "an UPPERDIR containing the root"
	run_to bad5 umk run --overlay= -- /bin/true
	assert_umk_error bad5 125 "an empty UPPERDIR"
	mkdir "$E2E_TMP/ro-upper" && chmod 555 "$E2E_TMP/ro-upper"
	if [ -z "$AS" ] && [ "$(id -u)" = 0 ]; then
		:	# root may write anywhere: nothing to refuse
	else
		run_to bad6 umk run --overlay="$E2E_TMP/ro-upper" -- /bin/true
		assert_umk_error bad6 125 "a read-only UPPERDIR"
	fi
	run_to bad7 "$UMK" merge "$E2E_TMP/ro-upper" "$E2E_TMP/a-file"
	assert_umk_error bad7 125 "umk merge into a file"
	run_to bad8 "$UMK" diff
	assert_umk_error bad8 125 "umk diff without UPPERDIR"
}

# Last (shunit2 runs the tests in file order): the lower tree, after every
# run above, is what it was.
testZzLowerTreeNeverWritten()
{
	snapshot "$L" >"$E2E_TMP/lower.after"
	if ! diff -u "$E2E_TMP/lower.before" "$E2E_TMP/lower.after" >"$E2E_TMP/lower.d"; then
		show "$E2E_TMP/lower.d" 30
		fail "the lower tree changed on the host"
	fi
}

. /usr/bin/shunit2
