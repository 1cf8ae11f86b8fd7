// SPDX-License-Identifier: GPL-2.0-or-later
// A new file, directory, fifo, symlink or O_TMPFILE file gets the mode asked
// for minus the process's umask and nothing else (the sticky bit of a
// directory included): with umask 0, 0777 and 0666 come out whole, in /tmp
// and in the working directory, whatever umask umk itself was started with
// (tests/run-tests starts it with the shell's, often 022).
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include "guest.h"

static const char *cwd_dir;

static void mode_is(const char *path, mode_t want)
{
	struct stat st;

	CHECK_OK(lstat(path, &st));
	CHECK((st.st_mode & 07777) == want, "%s: mode %o, want %o", path,
	      st.st_mode & 07777, want);
}

static void check_in(const char *dir, mode_t mask)
{
	char p[PATH_MAX];
	int fd;

	umask(mask);
	snprintf(p, sizeof(p), "%s/f", dir);
	fd = CHECK_OK(open(p, O_CREAT | O_EXCL | O_WRONLY, 0666));
	CHECK_OK(close(fd));
	mode_is(p, 0666 & ~mask);
	CHECK_OK(unlink(p));
	snprintf(p, sizeof(p), "%s/d", dir);
	CHECK_OK(mkdir(p, 01777));
	mode_is(p, 01777 & ~mask);
	CHECK_OK(rmdir(p));
	snprintf(p, sizeof(p), "%s/p", dir);
	CHECK_OK(mkfifo(p, 0666));
	mode_is(p, 0666 & ~mask);
	CHECK_OK(unlink(p));
	snprintf(p, sizeof(p), "%s/l", dir);
	CHECK_OK(symlink("x", p));
	mode_is(p, 0777);			/* never masked */
	CHECK_OK(unlink(p));
	fd = CHECK_OK(open(dir, O_TMPFILE | O_WRONLY, 0666));
	{
		struct stat st;

		CHECK_OK(fstat(fd, &st));
		CHECK((st.st_mode & 07777) == (0666 & ~mask),
		      "%s: O_TMPFILE mode %o", dir, st.st_mode & 07777);
	}
	CHECK_OK(close(fd));
}

int main(void)
{
	cwd_dir = guest_cwd_dir("modes");
	check_in(guest_tmpdir(), 0);
	check_in(cwd_dir, 0);
	check_in(guest_tmpdir(), 027);
	check_in(cwd_dir, 027);
	return 0;
}
