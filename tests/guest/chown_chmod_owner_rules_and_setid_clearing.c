// SPDX-License-Identifier: GPL-2.0-or-later
// chown, fchown, lchown, fchownat and chmod, fchmod, fchmodat, in /tmp:
// root gives any owner and group; -1 keeps the id; lchown and
// AT_SYMLINK_NOFOLLOW change a symlink, not its target.  A chown of a
// regular file clears its setuid bit and a setgid bit that goes with group
// execute, whoever asks.  A user that is not root may only change the group
// of its own file to one of its groups (EPERM otherwise, and for another's
// file), may chmod only its own files (EPERM), and loses a setgid bit it
// sets on a file whose group it is not in.  chmod on a symlink changes the
// target; fchmodat(AT_SYMLINK_NOFOLLOW) and fchmodat2 on a symlink are
// EOPNOTSUPP (fchmodat2 also takes AT_EMPTY_PATH, other flags EINVAL).  In the
// working directory, the checks that need no other owner.  Natively as a
// user that is not root, the parts with other ids are skipped.
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "guest.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

static char top[64];
static const char *cwd_dir;

/* "top/name" (guest.h) */
#define at(name) guest_at(top, name)

static void make_file(const char *name, mode_t mode)
{
	int fd = CHECK_OK(open(at(name), O_CREAT | O_EXCL | O_WRONLY, 0600));

	CHECK_OK(close(fd));
	CHECK_OK(chmod(at(name), mode));
}

static void want(const char *name, uid_t uid, gid_t gid, mode_t mode)
{
	struct stat st;

	CHECK_OK(lstat(at(name), &st));
	CHECK(st.st_uid == uid && st.st_gid == gid,
	      "%s: owner %d:%d, want %d:%d", name, (int)st.st_uid,
	      (int)st.st_gid, (int)uid, (int)gid);
	if (mode != (mode_t)-1)
		CHECK((st.st_mode & 07777) == mode, "%s: mode %o, want %o", name,
		      st.st_mode & 07777, mode);
}

/* uid 1001, gid 1001, groups 1001 and 2000 */
static void user(void)
{
	int fd;

	/* its own file ("mine", 1001:1001) */
	CHECK_OK(chown(at("mine"), -1, 2000));
	want("mine", 1001, 2000, 0644);
	CHECK_OK(chown(at("mine"), 1001, 1001));	/* its own uid: fine */
	CHECK_OK(chown(at("mine"), -1, -1));
	CHECK_ERR(chown(at("mine"), 1002, -1), EPERM);
	CHECK_ERR(chown(at("mine"), -1, 3000), EPERM);
	CHECK_ERR(chown(at("mine"), 0, 0), EPERM);
	fd = CHECK_OK(open(at("mine"), O_RDONLY));
	CHECK_ERR(fchown(fd, -1, 3000), EPERM);
	CHECK_OK(fchown(fd, -1, 2000));
	CHECK_OK(fchmod(fd, 0600));	/* a read-only fd may fchmod */
	CHECK_OK(close(fd));
	want("mine", 1001, 2000, 0600);
	/* setgid on a file of a group it has: kept; else dropped */
	CHECK_OK(chmod(at("mine"), 02755));
	want("mine", 1001, 2000, 02755);
	CHECK_OK(chown(at("mine"), -1, 1001));	/* group x: setgid goes */
	want("mine", 1001, 1001, 0755);
	CHECK_OK(chmod(at("mine"), 04755));
	want("mine", 1001, 1001, 04755);
	CHECK_OK(chown(at("mine"), -1, -1));	/* even -1 -1 drops setuid */
	want("mine", 1001, 1001, 0755);
	/* another's file */
	CHECK_ERR(chown(at("roots"), 1001, -1), EPERM);
	CHECK_ERR(chown(at("roots"), -1, 2000), EPERM);
	CHECK_ERR(chmod(at("roots"), 0777), EPERM);
	CHECK_ERR(lchown(at("rootlink"), -1, 2000), EPERM);
	fd = CHECK_OK(open(at("roots"), O_RDONLY));
	CHECK_ERR(fchmod(fd, 0777), EPERM);
	CHECK_ERR(fchown(fd, -1, 2000), EPERM);
	CHECK_OK(close(fd));
}

/* uid 1001 with gid 3000 and no groups: its file's group 1001 is not its */
static void setgid_dropped(void)
{
	CHECK_OK(chmod(at("mine"), 02755));
	want("mine", 1001, 1001, 0755);
	/* a directory keeps it */
	CHECK_OK(chmod(at("minedir"), 02755));
	want("minedir", 1001, 1001, 0755);
}

static void as_root(void)
{
	static const gid_t groups[] = { 1001, 2000 };
	static const gid_t none[] = { 3000 };
	int fd;

	CHECK_OK(chmod(top, 0755));
	make_file("f", 0644);
	CHECK_OK(chown(at("f"), 1234, 5678));
	want("f", 1234, 5678, 0644);
	CHECK_OK(chown(at("f"), -1, 42));
	want("f", 1234, 42, 0644);
	CHECK_OK(chown(at("f"), 7, -1));
	want("f", 7, 42, 0644);
	fd = CHECK_OK(open(at("f"), O_RDONLY));
	CHECK_OK(fchown(fd, 0, 0));
	CHECK_OK(close(fd));
	want("f", 0, 0, 0644);
	/* root's chown clears setuid, and setgid with group x */
	CHECK_OK(chmod(at("f"), 06755));
	CHECK_OK(chown(at("f"), 1, 1));
	want("f", 1, 1, 0755);
	CHECK_OK(chmod(at("f"), 06745));	/* setgid without group x stays */
	CHECK_OK(chown(at("f"), 0, 0));
	want("f", 0, 0, 02745);
	/* not on a directory */
	CHECK_OK(mkdir(at("d"), 0755));
	CHECK_OK(chmod(at("d"), 03755));
	CHECK_OK(chown(at("d"), 1, 1));
	want("d", 1, 1, 03755);
	/* lchown and AT_SYMLINK_NOFOLLOW change the link itself */
	CHECK_OK(symlink("f", at("l")));
	CHECK_OK(lchown(at("l"), 11, 12));
	want("l", 11, 12, -1);
	want("f", 0, 0, 02745);
	CHECK_OK(fchownat(AT_FDCWD, at("l"), 13, 14, AT_SYMLINK_NOFOLLOW));
	want("l", 13, 14, -1);
	CHECK_OK(chown(at("l"), 15, 16));	/* follows */
	want("l", 13, 14, -1);
	want("f", 15, 16, 02745);
	CHECK_OK(chmod(at("l"), 0600));
	want("f", 15, 16, 0600);
	CHECK_ERR(fchmodat(AT_FDCWD, at("l"), 0644, AT_SYMLINK_NOFOLLOW),
		  EOPNOTSUPP);
	CHECK_ERR(fchownat(AT_FDCWD, at("l"), 1, 1, 0x1), EINVAL);
	CHECK_ERR(chown(at("missing"), 1, 1), ENOENT);
	CHECK_ERR(chown(at("f/x"), 1, 1), ENOTDIR);

	/* a user that is not root */
	make_file("mine", 0644);
	CHECK_OK(chown(at("mine"), 1001, 1001));
	make_file("roots", 0666);
	CHECK_OK(symlink("roots", at("rootlink")));
	CHECK_OK(mkdir(at("minedir"), 0755));
	CHECK_OK(chown(at("minedir"), 1001, 1001));
	guest_as(1001, 1001, 2, groups, user);
	guest_as(1001, 3000, 1, none, setgid_dropped);

	CHECK_OK(unlink(at("f")));
	CHECK_OK(unlink(at("l")));
	CHECK_OK(unlink(at("mine")));
	CHECK_OK(unlink(at("roots")));
	CHECK_OK(unlink(at("rootlink")));
	CHECK_OK(rmdir(at("d")));
	CHECK_OK(rmdir(at("minedir")));
}

/* What needs no other owner, in dir (the working directory's fs, too). */
static void own(const char *dir)
{
	struct stat st;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int fd;

	snprintf(top, sizeof(top), "%s", dir);
	make_file("o", 0644);
	CHECK_OK(lstat(at("o"), &st));
	CHECK(st.st_uid == uid, "a new file's owner %d, want %d",
	      (int)st.st_uid, (int)uid);
	gid = st.st_gid;
	CHECK_OK(chown(at("o"), -1, -1));
	CHECK_OK(chown(at("o"), uid, gid));
	want("o", uid, gid, 0644);
	CHECK_OK(chmod(at("o"), 0751));
	want("o", uid, gid, 0751);
	fd = CHECK_OK(open(at("o"), O_RDONLY));
	CHECK_OK(fchmod(fd, 0640));
	CHECK_OK(fchown(fd, -1, -1));
	CHECK_OK(close(fd));
	want("o", uid, gid, 0640);
	CHECK_OK(fchmodat(AT_FDCWD, at("o"), 0604, 0));
	want("o", uid, gid, 0604);
	CHECK_OK(symlink("o", at("ol")));
	CHECK_OK(lchown(at("ol"), -1, -1));
	/* fchmodat2 (Linux 6.6): flags; a symlink's mode cannot change */
	if (syscall(SYS_fchmodat2, AT_FDCWD, at("o"), 0600, 0) == 0) {
		want("o", uid, gid, 0600);
		CHECK_ERR(syscall(SYS_fchmodat2, AT_FDCWD, at("ol"), 0600,
				  AT_SYMLINK_NOFOLLOW), EOPNOTSUPP);
		CHECK_OK(syscall(SYS_fchmodat2, AT_FDCWD, at("o"), 0640,
				 AT_SYMLINK_NOFOLLOW));
		want("o", uid, gid, 0640);
		fd = CHECK_OK(open(at("o"), O_PATH));
		CHECK_OK(syscall(SYS_fchmodat2, fd, "", 0604, AT_EMPTY_PATH));
		CHECK_ERR(syscall(SYS_fchmodat2, fd, "", 0604, 0), ENOENT);
		CHECK_ERR(syscall(SYS_fchmodat2, AT_FDCWD, at("o"), 0604, 0x1),
			  EINVAL);
		CHECK_OK(close(fd));
		want("o", uid, gid, 0604);
	} else {
		CHECK(errno == ENOSYS, "fchmodat2: %s", strerror(errno));
		fprintf(stderr, "no fchmodat2 (Linux < 6.6): skipped\n");
	}
	CHECK_OK(unlink(at("ol")));
	CHECK_OK(unlink(at("o")));
}

int main(void)
{
	own(guest_tmpdir());
	cwd_dir = guest_cwd_dir("chown");
	own(cwd_dir);
	snprintf(top, sizeof(top), "%s", guest_tmpdir());
	if (geteuid() != 0) {
		fprintf(stderr, "not root: skipped the checks with other ids\n");
		return 0;
	}
	as_root();
	return 0;
}
