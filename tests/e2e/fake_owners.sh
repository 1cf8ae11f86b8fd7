#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# umk run --fake-owners (metadata mode): tar -xpf of an archive with root-
# and other-owned files, a setuid program and device nodes keeps them all,
# as tar -tvf and stat show inside; cp -a keeps them; the host files stay
# the invoking user's, with user.umk.* attributes; as an unprivileged host
# user, dpkg -i of a small package built inside (dpkg-deb --build) into a
# scratch root installs it, root-owned.  Without the option owners cannot
# change; a host file system without user attributes is an error at start.
. "$(dirname "$0")/lib.sh"

oneTimeSetUp()
{
	make_tmp fake-owners || return 1
	mkdir -p "$E2E_TMP/work"
	touch "$E2E_TMP/probe"
	if ! python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.probe", b"1")' \
		"$E2E_TMP/probe" 2>/dev/null; then
		skip_all "the host file system of $E2E_TMP keeps no user extended attributes"
		return 0
	fi
	rm -f "$E2E_TMP/probe"
	# The archive: written by Python's tarfile, so that no host
	# privilege is needed to give its members owners and devices.
	python3 - "$E2E_TMP/work/a.tar" <<'EOF' || return 1
import io, sys, tarfile

def member(name, kind, mode, uid, gid, data=b"", dev=(0, 0)):
    ti = tarfile.TarInfo(name)
    ti.type, ti.mode, ti.uid, ti.gid = kind, mode, uid, gid
    ti.uname = ti.gname = ""
    ti.mtime = 1700000000
    ti.devmajor, ti.devminor = dev
    ti.size = len(data)
    t.addfile(ti, io.BytesIO(data) if data else None)

with tarfile.open(sys.argv[1], "w", format=tarfile.GNU_FORMAT) as t:
    member("etc", tarfile.DIRTYPE, 0o755, 0, 0)
    member("etc/shadow", tarfile.REGTYPE, 0o640, 0, 42, b"root:*:1::::::\n")
    member("home", tarfile.DIRTYPE, 0o755, 0, 0)
    member("home/user", tarfile.DIRTYPE, 0o700, 1000, 1000)
    member("home/user/notes", tarfile.REGTYPE, 0o600, 1000, 1000, b"mine\n")
    member("bin", tarfile.DIRTYPE, 0o755, 0, 0)
    member("bin/su", tarfile.REGTYPE, 0o4755, 0, 0, b"#!/bin/sh\n")
    member("var", tarfile.DIRTYPE, 0o755, 0, 0)
    member("var/mail", tarfile.DIRTYPE, 0o2775, 0, 8)
    member("tmp", tarfile.DIRTYPE, 0o1777, 0, 0)
    member("dev", tarfile.DIRTYPE, 0o755, 0, 0)
    member("dev/null", tarfile.CHRTYPE, 0o666, 0, 0, dev=(1, 3))
    member("dev/sda", tarfile.BLKTYPE, 0o660, 0, 6, dev=(8, 0))
EOF
	chmod -R a+rwX "$E2E_TMP"
}

oneTimeTearDown()
{
	rm_tmp
}

in_work()
{
	(cd "$E2E_TMP/work" && "$@")
}

# What tar -tvf says of an archive, less sizes and dates.
LISTING='tar --numeric-owner -tvf "$1" | awk "{ print \$1, \$2, \$NF }" | sort -k3'

testTarKeepsOwnersModesAndDevices()
{
	sh -c "$LISTING" sh "$E2E_TMP/work/a.tar" >"$E2E_TMP/want"
	run_to tar in_work umk run --fake-owners -- /bin/sh -c '
		set -e
		mkdir x && tar -xpf a.tar -C x && cd x
		tar --numeric-owner -cf ../b.tar etc home bin var tmp dev
		sh -c "$1" sh ../b.tar
		stat -c "%n %u %g %a %F %t:%T" home/user/notes bin/su var/mail dev/null dev/sda' \
		sh "$LISTING"
	assertEquals "exit status" 0 "$st"
	head -n "$(wc -l <"$E2E_TMP/want")" "$E2E_TMP/tar.out" >"$E2E_TMP/got"
	if ! cmp -s "$E2E_TMP/want" "$E2E_TMP/got"; then
		diff -u "$E2E_TMP/want" "$E2E_TMP/got" | head -n 30
		fail "tar -tvf of the extracted tree differs from the archive's"
	fi
	assertEquals "stat inside" "home/user/notes 1000 1000 600 regular file 0:0
bin/su 0 0 4755 regular file 0:0
var/mail 0 8 2775 directory 0:0
dev/null 0 0 666 character special file 1:3
dev/sda 0 6 660 block special file 8:0" "$(tail -n 5 "$E2E_TMP/tar.out")"
	[ "$st" = 0 ] || show "$E2E_TMP/tar.err"

	# On the host: the invoking user's files, no setuid bit, the rest in
	# user.umk.*; a device node is an empty regular file.
	x=$E2E_TMP/work/x
	assertEquals "the host's su" "$(id -u) 755" "$(stat -c '%u %a' "$x/bin/su")"
	assertEquals "the host's dev/null" "regular empty file 600" "$(stat -c '%F %a' "$x/dev/null")"
	assertEquals "user.umk.mode of the host's su" "104755" \
		"$(python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "user.umk.mode").decode())' "$x/bin/su")"
}

testCpAKeepsOwners()
{
	run_to cpa in_work umk run --fake-owners -- /bin/sh -c '
		set -e
		mkdir -p c && tar -xpf a.tar -C c
		mkdir cp-copy && cp -a c/home c/dev c/bin cp-copy/
		stat -c "%n %u %g %a %F" cp-copy/home/user cp-copy/home/user/notes cp-copy/bin/su cp-copy/dev/sda'
	assertEquals "exit status" 0 "$st"
	assertEquals "stat of the copies" "cp-copy/home/user 1000 1000 700 directory
cp-copy/home/user/notes 1000 1000 600 regular file
cp-copy/bin/su 0 0 4755 regular file
cp-copy/dev/sda 0 6 660 block special file" "$(cat "$E2E_TMP/cpa.out")"
	[ "$st" = 0 ] || show "$E2E_TMP/cpa.err"
}

testNonRootGuestCreatesFilesItsOwn()
{
	run_to mine in_work umk run --fake-owners -- python3 -c '
import os
os.mkdir("shared"); os.chmod("shared", 0o1777)
os.setgroups([]); os.setgid(100); os.setuid(1000)
open("shared/f", "w").close(); os.mkdir("shared/d")
for n in ("shared/f", "shared/d"):
    st = os.stat(n); print(n, st.st_uid, st.st_gid)
try:
    os.chown("shared/f", 0, 0)
except PermissionError:
    print("chown: EPERM")'
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "shared/f 1000 100
shared/d 1000 100
chown: EPERM" "$(cat "$E2E_TMP/mine.out")"
	[ "$st" = 0 ] || show "$E2E_TMP/mine.err"
}

testWithoutTheOptionOwnersStay()
{
	run_to plain in_work umk run -- /bin/sh -c 'echo x >plain && chown 1000 plain 2>&1; stat -c "%u" plain'
	assertTrue "chown is refused" "grep -q 'Operation not permitted' '$E2E_TMP/plain.out'"
	assertEquals "the owner" "0" "$(tail -n 1 "$E2E_TMP/plain.out")"
}

testHostFsWithoutUserAttributesIsAnError()
{
	run_to noattr umk run --fake-owners --bind /proc:/tmp/p -- /bin/true
	assert_umk_error noattr 125 "--fake-owners on /proc"
	assertTrue "the message names the mount" "grep -q -- '--bind /proc:/tmp/p' '$E2E_TMP/noattr.err'"
}

testDpkgInstallsAsAnUnprivilegedUser()
{
	requires dpkg dpkg-deb || return 0
	as=
	d=$E2E_TMP/dpkg
	mkdir -p "$d/pkg/DEBIAN" "$d/pkg/usr/bin" "$d/pkg/usr/games" \
		"$d/root/var/lib/dpkg/updates" "$d/root/var/lib/dpkg/info"
	printf 'Package: umk-tiny\nVersion: 1.0\nArchitecture: all\nMaintainer: umk <umk@localhost>\nDescription: a tiny package for umk tests\n' \
		>"$d/pkg/DEBIAN/control"
	printf '#!/bin/sh\necho tiny\n' >"$d/pkg/usr/bin/umk-tiny"
	printf '#!/bin/sh\necho game\n' >"$d/pkg/usr/games/umk-tiny-game"
	chmod 755 "$d/pkg/usr/bin/umk-tiny" "$d/pkg/usr/games/umk-tiny-game"
	touch "$d/root/var/lib/dpkg/status"
	if [ "$(id -u)" = 0 ]; then
		if ! command -v setpriv >/dev/null; then
			skip_test "setpriv is missing (util-linux)"
			return 0
		fi
		as="setpriv --reuid=65534 --regid=65534 --clear-groups --"
		if ! $as test -x "$UMK"; then
			skip_test "$UMK is not accessible to uid 65534"
			return 0
		fi
		chown -R 65534:65534 "$d"
	fi
	# The package is built inside, so that its game is root:games 2755
	# without host privilege; then installed into the scratch root.
	run_to dpkg sh -c 'cd "$1" && shift && exec "$@"' sh "$d" $as \
		timeout -k 5 "$T" "$UMK" run --fake-owners -- /bin/sh -c '
		chown 0:60 pkg/usr/games/umk-tiny-game &&
		chmod 2755 pkg/usr/games/umk-tiny-game &&
		dpkg-deb --build pkg tiny.deb >/dev/null &&
		dpkg --root="$PWD/root" --log=/dev/null --force-not-root -i tiny.deb >/dev/null &&
		dpkg --root="$PWD/root" -s umk-tiny | grep "^Status" &&
		stat -c "%n %u %g %a" root/usr/bin/umk-tiny root/usr/games/umk-tiny-game'
	assertEquals "exit status" 0 "$st"
	assertEquals "stdout" "Status: install ok installed
root/usr/bin/umk-tiny 0 0 755
root/usr/games/umk-tiny-game 0 60 2755" "$(cat "$E2E_TMP/dpkg.out")"
	[ "$st" = 0 ] || show "$E2E_TMP/dpkg.err"
	assertEquals "the host's file belongs to the invoking user" \
		"$(stat -c %u "$d")" "$(stat -c %u "$d/root/usr/bin/umk-tiny" 2>&1)"
}

. /usr/bin/shunit2
