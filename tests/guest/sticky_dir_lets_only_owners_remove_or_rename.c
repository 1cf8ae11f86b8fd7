// SPDX-License-Identifier: GPL-2.0-or-later
// In a sticky directory (mode 01777, as /tmp) anyone may create names, but
// only the owner of a file, the owner of the directory or root may unlink
// it, rename it away or rename over it (EPERM for others); the same user
// may still write into another's file when its bits allow.  /tmp itself is
// sticky.  Children change their ids, so the checks with several users run
// as root only; natively as a user that is not root, only the mode of /tmp
// and the user's own files are checked.
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "guest.h"

static char top[64];

/* "top/name" (guest.h) */
#define at(name) guest_at(top, name)

static void make_file(const char *name)
{
	int fd = CHECK_OK(open(at(name), O_CREAT | O_EXCL | O_WRONLY, 0666));

	CHECK_OK(close(fd));
	CHECK_OK(chmod(at(name), 0666));
}

static void user_a_makes(void)
{
	make_file("s/a1");
	make_file("s/a2");
	make_file("s/a3");
	CHECK_OK(mkdir(at("s/adir"), 0777));
	CHECK_OK(chmod(at("s/adir"), 0777));
}

static void user_b_makes(void)
{
	make_file("s/b1");
}

static void user_b_is_refused(void)
{
	int fd;

	/* another's file: writable by its bits, but not removable */
	fd = CHECK_OK(open(at("s/a1"), O_WRONLY));
	CHECK_OK(close(fd));
	CHECK_ERR(unlink(at("s/a1")), EPERM);
	CHECK_ERR(rmdir(at("s/adir")), EPERM);
	CHECK_ERR(rename(at("s/a1"), at("s/bnew")), EPERM);
	/* nor replaced by a rename over it */
	CHECK_ERR(rename(at("s/b1"), at("s/a1")), EPERM);
	CHECK_ERR(renameat2(AT_FDCWD, at("s/b1"), AT_FDCWD, at("s/a1"),
			    RENAME_EXCHANGE), EPERM);
	/* its own file it may rename and remove */
	CHECK_OK(rename(at("s/b1"), at("s/b2")));
	CHECK_OK(unlink(at("s/b2")));
	/* a sticky directory's own contents follow the usual rules: adir
	 * (0777, not sticky) lets b remove a's names in it */
	fd = CHECK_OK(open(at("s/adir/b"), O_CREAT | O_WRONLY, 0644));
	CHECK_OK(close(fd));
	CHECK_OK(unlink(at("s/adir/b")));
}

static void dir_owner_may(void)
{
	/* s is owned by uid 1003 */
	CHECK_OK(rename(at("s/a2"), at("s/moved")));
	CHECK_OK(unlink(at("s/moved")));
}

static void file_owner_may(void)
{
	CHECK_OK(rename(at("s/a1"), at("s/a1-renamed")));
	CHECK_OK(unlink(at("s/a1-renamed")));
}

int main(void)
{
	struct stat st;

	CHECK_OK(stat("/tmp", &st));
	CHECK((st.st_mode & 07777) == 01777, "/tmp has mode %o",
	      st.st_mode & 07777);
	snprintf(top, sizeof(top), "%s", guest_tmpdir());
	/* a user's own files in a sticky directory of its own */
	CHECK_OK(mkdir(at("own"), 01777));
	CHECK_OK(chmod(at("own"), 01777));
	CHECK_OK(stat(at("own"), &st));
	CHECK((st.st_mode & 07777) == 01777, "mode %o", st.st_mode & 07777);
	make_file("own/f");
	CHECK_OK(rename(at("own/f"), at("own/g")));
	CHECK_OK(unlink(at("own/g")));
	CHECK_OK(rmdir(at("own")));
	if (geteuid() != 0) {
		fprintf(stderr, "not root: skipped the checks with other "
				"users' files\n");
		return 0;
	}

	CHECK_OK(chmod(top, 0755));
	CHECK_OK(mkdir(at("s"), 0700));
	CHECK_OK(chown(at("s"), 1003, 1003));
	CHECK_OK(chmod(at("s"), 01777));
	guest_as(1001, 1001, 0, NULL, user_a_makes);
	guest_as(1002, 1002, 0, NULL, user_b_makes);
	guest_as(1002, 1002, 0, NULL, user_b_is_refused);
	guest_as(1003, 1003, 0, NULL, dir_owner_may);
	guest_as(1001, 1001, 0, NULL, file_owner_may);
	/* root may remove anything */
	CHECK_OK(unlink(at("s/a3")));
	CHECK_OK(rmdir(at("s/adir")));
	CHECK_OK(rmdir(at("s")));
	return 0;
}
