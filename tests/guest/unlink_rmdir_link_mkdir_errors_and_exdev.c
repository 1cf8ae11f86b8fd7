// SPDX-License-Identifier: GPL-2.0-or-later
// The errors of unlink, rmdir, link, mkdir, symlink and rename, in /tmp and
// in the working directory: unlink of a directory is EISDIR; rmdir of "."
// EINVAL, of ".." ENOTEMPTY, of "/" EBUSY, of a file ENOTDIR; link of a
// directory EPERM, onto an existing name EEXIST, from a missing one ENOENT;
// link does not follow a symlink unless AT_SYMLINK_FOLLOW; mkdir and
// symlink over any existing name (a dangling symlink too) EEXIST, under a
// file ENOTDIR, under a missing directory ENOENT; an empty symlink target
// ENOENT; rename of "." or ".." EBUSY, of "f/" ENOTDIR; renaming a name onto
// a hard link of the same file does nothing; link counts follow.  Across
// file systems (/tmp and the working directory, /tmp and /dev/shm) link and
// rename are EXDEV (natively skipped where both lie on one file system).
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include "guest.h"

static char top[64];
static const char *cwd_dir;

/* "top/name" (guest.h) */
#define at(name) guest_at(top, name)

static nlink_t links(const char *name)
{
	struct stat st;

	CHECK_OK(lstat(at(name), &st));
	return st.st_nlink;
}

static void check_in(const char *dir)
{
	struct stat st, st2;
	int fd, here;

	snprintf(top, sizeof(top), "%s", dir);
	fd = CHECK_OK(open(at("f"), O_CREAT | O_EXCL | O_WRONLY, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(mkdir(at("d"), 0755));
	CHECK_OK(mkdir(at("d/sub"), 0755));
	CHECK(links("d") == 3, "a directory with one subdirectory has %d links",
	      (int)links("d"));
	CHECK_OK(symlink("nowhere", at("dangling")));
	CHECK_OK(symlink("f", at("lf")));

	/* unlink */
	CHECK_ERR(unlink(at("d")), EISDIR);
	CHECK_ERR(unlink(at("d/")), EISDIR);
	CHECK_ERR(unlink(at("f/")), ENOTDIR);
	CHECK_ERR(unlink(at("missing")), ENOENT);
	CHECK_ERR(unlink(at("f/x")), ENOTDIR);
	CHECK_ERR(unlinkat(AT_FDCWD, at("f"), AT_REMOVEDIR), ENOTDIR);
	CHECK_ERR(unlinkat(AT_FDCWD, at("f"), 0x1), EINVAL);

	/* rmdir */
	CHECK_ERR(rmdir(at("d/sub/.")), EINVAL);
	CHECK_ERR(rmdir(at("d/sub/..")), ENOTEMPTY);
	CHECK_ERR(rmdir("/"), EBUSY);
	CHECK_ERR(rmdir(at("f")), ENOTDIR);
	CHECK_ERR(rmdir(at("lf")), ENOTDIR);
	CHECK_ERR(rmdir(at("d")), ENOTEMPTY);
	CHECK_ERR(rmdir(at("missing")), ENOENT);
	here = CHECK_OK(open(".", O_RDONLY | O_DIRECTORY));
	CHECK_OK(chdir(at("d/sub")));
	CHECK_ERR(rmdir("."), EINVAL);
	CHECK_ERR(rmdir(".."), ENOTEMPTY);
	CHECK_OK(fchdir(here));
	CHECK_OK(close(here));

	/* link */
	CHECK_ERR(link(at("d"), at("dl")), EPERM);
	CHECK_ERR(link(at("f"), at("d")), EEXIST);
	CHECK_ERR(link(at("f"), at("lf")), EEXIST);
	CHECK_ERR(link(at("f"), at("dangling")), EEXIST);
	CHECK_ERR(link(at("missing"), at("x")), ENOENT);
	CHECK_ERR(link(at("f"), at("missing/x")), ENOENT);
	CHECK_ERR(link(at("f"), at("f/x")), ENOTDIR);
	CHECK_ERR(link(at("f/"), at("x")), ENOTDIR);
	CHECK_ERR(linkat(AT_FDCWD, at("f"), AT_FDCWD, at("x"), 0x1), EINVAL);
	CHECK_OK(link(at("f"), at("f2")));
	CHECK(links("f") == 2, "f has %d links after link", (int)links("f"));
	/* a link to a symlink is the symlink, unless AT_SYMLINK_FOLLOW */
	CHECK_OK(link(at("lf"), at("lf2")));
	CHECK_OK(lstat(at("lf2"), &st));
	CHECK(S_ISLNK(st.st_mode), "link() followed the symlink");
	CHECK_OK(linkat(AT_FDCWD, at("lf"), AT_FDCWD, at("f3"),
			AT_SYMLINK_FOLLOW));
	CHECK_OK(lstat(at("f3"), &st));
	CHECK(S_ISREG(st.st_mode) && links("f") == 3,
	      "AT_SYMLINK_FOLLOW: mode %o, %d links", st.st_mode,
	      (int)links("f"));
	CHECK_ERR(linkat(AT_FDCWD, at("dangling"), AT_FDCWD, at("x"),
			 AT_SYMLINK_FOLLOW), ENOENT);

	/* mkdir and symlink */
	CHECK_ERR(mkdir(at("f"), 0755), EEXIST);
	CHECK_ERR(mkdir(at("d"), 0755), EEXIST);
	CHECK_ERR(mkdir(at("dangling"), 0755), EEXIST);
	CHECK_ERR(mkdir(at("f/x"), 0755), ENOTDIR);
	CHECK_ERR(mkdir(at("missing/x"), 0755), ENOENT);
	CHECK_ERR(symlink("x", at("f")), EEXIST);
	CHECK_ERR(symlink("x", at("dangling")), EEXIST);
	CHECK_ERR(symlink("x", at("d/")), EEXIST);
	CHECK_ERR(symlink("x", at("f/x")), ENOTDIR);
	CHECK_ERR(symlink("x", at("missing/x")), ENOENT);
	CHECK_ERR(symlink("", at("empty")), ENOENT);
	CHECK_OK(mkdir(at("new/"), 0755));	/* a trailing slash is fine */
	CHECK_OK(rmdir(at("new/")));

	/* rename */
	CHECK_ERR(rename(at("d/sub/."), at("x")), EBUSY);
	CHECK_ERR(rename(at("d/sub/.."), at("x")), EBUSY);
	CHECK_ERR(rename(at("f"), at("d/sub/.")), EBUSY);
	CHECK_ERR(rename(at("f/"), at("x")), ENOTDIR);
	CHECK_ERR(rename(at("missing"), at("x")), ENOENT);
	CHECK_ERR(rename(at("f"), at("missing/x")), ENOENT);
	CHECK_OK(stat(at("f"), &st));
	CHECK_OK(rename(at("f"), at("f2")));	/* the same file: nothing */
	CHECK_OK(stat(at("f"), &st2));
	CHECK(st.st_ino == st2.st_ino && links("f") == 3,
	      "rename onto a hard link of itself changed something");
	CHECK_OK(rename(at("f"), at("f")));
	CHECK_OK(rename(at("d/sub"), at("emptied")));
	CHECK(links("d") == 2, "%s/d has %d links after its subdirectory left",
	      top, (int)links("d"));
	CHECK_OK(mkdir(at("d/sub"), 0755));
	CHECK_OK(rename(at("emptied"), at("d/sub")));	/* onto an empty dir */

	CHECK_OK(unlink(at("f3")));
	CHECK_OK(unlink(at("f2")));
	CHECK_OK(unlink(at("f")));
	CHECK_OK(unlink(at("lf2")));
	CHECK_OK(unlink(at("lf")));
	CHECK_OK(unlink(at("dangling")));
	CHECK_OK(rmdir(at("d/sub")));
	CHECK_OK(rmdir(at("d")));
}

/* link and rename from file a to directory b's file system */
static void cross(const char *a, const char *bdir)
{
	char b[PATH_MAX];
	struct stat sa, sb;

	CHECK_OK(stat(a, &sa));
	CHECK_OK(stat(bdir, &sb));
	if (sa.st_dev == sb.st_dev) {
		fprintf(stderr, "%s and %s are on one file system: skipped "
				"EXDEV there\n", a, bdir);
		return;
	}
	snprintf(b, sizeof(b), "%s/umk-exdev-%d", bdir, (int)getpid());
	CHECK_ERR(link(a, b), EXDEV);
	CHECK_ERR(rename(a, b), EXDEV);
	CHECK_ERR(renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_NOREPLACE), EXDEV);
	CHECK_ERR(stat(b, &sb), ENOENT);
}

int main(void)
{
	char a[PATH_MAX];
	int fd;

	check_in(guest_tmpdir());
	cwd_dir = guest_cwd_dir("unlinkerr");
	check_in(cwd_dir);

	snprintf(a, sizeof(a), "%s/x", guest_tmpdir());
	fd = CHECK_OK(open(a, O_CREAT | O_WRONLY, 0644));
	CHECK_OK(close(fd));
	cross(a, cwd_dir);
	if (access("/dev/shm", W_OK) == 0)
		cross(a, "/dev/shm");
	CHECK_OK(unlink(a));
	snprintf(a, sizeof(a), "%s/x", cwd_dir);
	fd = CHECK_OK(open(a, O_CREAT | O_WRONLY, 0644));
	CHECK_OK(close(fd));
	cross(a, guest_tmpdir());
	CHECK_OK(unlink(a));
	return 0;
}
