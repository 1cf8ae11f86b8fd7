// SPDX-License-Identifier: GPL-2.0-or-later
// renameat2 in /tmp and in the working directory: RENAME_EXCHANGE of a
// directory and a file in different parents swaps them (both keep their
// inodes, "..", contents and the parents' link counts follow); a name
// exchanged with itself stays; NOREPLACE onto a missing name moves it;
// moving a directory onto one of its ancestors is ENOTEMPTY (EINVAL with
// EXCHANGE), into its own subdirectory EINVAL; unknown flags EINVAL.
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include "guest.h"

static char top[64];
static const char *cwd_dir;

/* "top/name" (guest.h) */
#define at(name) guest_at(top, name)

static struct stat st_of(const char *name)
{
	struct stat st;

	CHECK_OK(lstat(at(name), &st));
	return st;
}

static void xrename(const char *a, const char *b, unsigned flags)
{
	CHECK(renameat2(AT_FDCWD, at(a), AT_FDCWD, at(b), flags) == 0,
	      "renameat2 %s %s %#x: %s", a, b, flags, strerror(errno));
}

static void check_in(const char *dir)
{
	struct stat d1, f1, p, q, st;
	int fd;

	snprintf(top, sizeof(top), "%s", dir);
	CHECK_OK(mkdir(at("p"), 0755));
	CHECK_OK(mkdir(at("q"), 0755));
	CHECK_OK(mkdir(at("p/dir"), 0755));
	CHECK_OK(mkdir(at("p/dir/sub"), 0755));
	fd = CHECK_OK(open(at("q/file"), O_CREAT | O_WRONLY, 0644));
	CHECK_OK(close(fd));
	d1 = st_of("p/dir");
	f1 = st_of("q/file");
	p = st_of("p");
	q = st_of("q");
	CHECK(p.st_nlink == 3 && q.st_nlink == 2, "links p %d q %d",
	      (int)p.st_nlink, (int)q.st_nlink);

	xrename("p/dir", "q/file", RENAME_EXCHANGE);
	st = st_of("q/file");
	CHECK(S_ISDIR(st.st_mode) && st.st_ino == d1.st_ino, "q/file is not "
	      "the directory");
	st = st_of("p/dir");
	CHECK(S_ISREG(st.st_mode) && st.st_ino == f1.st_ino, "p/dir is not "
	      "the file");
	CHECK(st_of("p").st_nlink == 2 && st_of("q").st_nlink == 3,
	      "after the exchange: links p %d q %d", (int)st_of("p").st_nlink,
	      (int)st_of("q").st_nlink);
	st = st_of("q/file/..");
	CHECK(st.st_ino == q.st_ino, "the moved directory's .. is not q");
	CHECK_OK(access(at("q/file/sub"), F_OK));

	/* itself */
	xrename("p/dir", "p/dir", RENAME_EXCHANGE);
	CHECK(st_of("p/dir").st_ino == f1.st_ino, "self-exchange moved it");
	/* NOREPLACE onto nothing */
	xrename("p/dir", "p/moved", RENAME_NOREPLACE);
	CHECK_ERR(access(at("p/dir"), F_OK), ENOENT);

	/* ancestors and descendants */
	CHECK_ERR(rename(at("q/file/sub"), at("q/file")), ENOTEMPTY);
	CHECK_ERR(rename(at("q/file/sub"), at("q")), ENOTEMPTY);
	CHECK_ERR(renameat2(AT_FDCWD, at("q/file/sub"), AT_FDCWD, at("q"),
			    RENAME_EXCHANGE), EINVAL);
	CHECK_ERR(renameat2(AT_FDCWD, at("q"), AT_FDCWD, at("q/file/sub"),
			    RENAME_EXCHANGE), EINVAL);
	CHECK_ERR(rename(at("q"), at("q/file/new")), EINVAL);
	CHECK_ERR(renameat2(AT_FDCWD, at("p/moved"), AT_FDCWD, at("p/x"),
			    0x80), EINVAL);
	CHECK_ERR(renameat2(AT_FDCWD, at("p/moved"), AT_FDCWD, at("p/x"),
			    RENAME_EXCHANGE | RENAME_WHITEOUT), EINVAL);

	CHECK_OK(unlink(at("p/moved")));
	CHECK_OK(rmdir(at("q/file/sub")));
	CHECK_OK(rmdir(at("q/file")));
	CHECK_OK(rmdir(at("p")));
	CHECK_OK(rmdir(at("q")));
}

int main(void)
{
	check_in(guest_tmpdir());
	cwd_dir = guest_cwd_dir("renameat2");
	check_in(cwd_dir);
	return 0;
}
