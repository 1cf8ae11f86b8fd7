// SPDX-License-Identifier: GPL-2.0-or-later
// open(dir, O_TMPFILE) makes a file with no name (nlink 0, shown as
// "DIR/#N (deleted)"); linkat(fd, "", ..., AT_EMPTY_PATH) and linkat of
// /proc/self/fd/N with AT_SYMLINK_FOLLOW name it; with O_EXCL it cannot
// be linked (ENOENT).  EINVAL without write access or with O_CREAT,
// ENOTDIR on a file, EOPNOTSUPP where the file system has no O_TMPFILE.
// Done in /tmp (tmpfs under umk) and next to the program (hostfs).
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "guest.h"

static void check_dir(const char *dir)
{
	char path[4096], link[4096], proc[64], buf[16];
	struct stat st, st2;
	int fd, fd2, n;

	fd = CHECK_OK(open(dir, O_TMPFILE | O_RDWR, 0640));
	CHECK(CHECK_OK(write(fd, "tmpdata", 7)) == 7, "short write");
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode) && st.st_nlink == 0 && st.st_size == 7,
	      "%s: fstat mode %o nlink %ld", dir, st.st_mode, (long)st.st_nlink);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = CHECK_OK(readlink(proc, link, sizeof(link) - 1));
	link[n] = '\0';
	snprintf(path, sizeof(path), "%s/#", dir);
	CHECK(!strncmp(link, path, strlen(path)) && n > 10 &&
	      !strcmp(link + n - 10, " (deleted)"), "readlink %s", link);

	CHECK_OK(fchmod(fd, 0604));
	snprintf(path, sizeof(path), "%s/linked-a", dir);
	CHECK_OK(linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH));
	CHECK_OK(stat(path, &st2));
	CHECK(st2.st_ino == st.st_ino && st2.st_size == 7 && st2.st_nlink == 1,
	      "%s: the link is another file", path);
	CHECK((st2.st_mode & 07777) == 0604, "%s: mode %o after fchmod", path,
	      st2.st_mode);
	CHECK_ERR(linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH), EEXIST);
	fd2 = CHECK_OK(open(path, O_RDONLY));
	CHECK(CHECK_OK(read(fd2, buf, sizeof(buf))) == 7 && !memcmp(buf, "tmpdata", 7),
	      "%s: contents differ", path);
	close(fd2);
	CHECK_OK(unlink(path));
	close(fd);

	/* through the magic link */
	fd = CHECK_OK(open(dir, O_TMPFILE | O_WRONLY, 0600));
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	snprintf(path, sizeof(path), "%s/linked-b", dir);
	CHECK_OK(linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW));
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_nlink == 1, "nlink %ld after linkat", (long)st.st_nlink);
	CHECK_OK(unlink(path));
	close(fd);

	/* O_EXCL: never linkable */
	fd = CHECK_OK(open(dir, O_TMPFILE | O_RDWR | O_EXCL, 0600));
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	snprintf(path, sizeof(path), "%s/linked-c", dir);
	CHECK_ERR(linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH), ENOENT);
	CHECK_ERR(linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW), ENOENT);
	close(fd);

	/* errors */
	CHECK_ERR(open(dir, O_TMPFILE | O_RDONLY, 0600), EINVAL);
	CHECK_ERR(open(dir, O_TMPFILE | O_CREAT | O_RDWR, 0600), EINVAL);
	CHECK_ERR(syscall(SYS_open, dir, 020000000 | O_RDWR, 0600), EINVAL);
	snprintf(path, sizeof(path), "%s/missing", dir);
	CHECK_ERR(open(path, O_TMPFILE | O_RDWR, 0600), ENOENT);
	fd = CHECK_OK(open(dir, O_TMPFILE | O_RDWR, 0600));
	snprintf(path, sizeof(path), "%s/file", dir);
	CHECK_OK(linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH));
	CHECK_ERR(open(path, O_TMPFILE | O_RDWR, 0600), ENOTDIR);
	CHECK_OK(unlink(path));
	close(fd);
}

int main(int argc, char **argv)
{
	char dir[4096], real[4096];

	(void)argc;
	CHECK(realpath(guest_tmpdir(), real), "realpath: %s", strerror(errno));
	check_dir(real);
	snprintf(dir, sizeof(dir), "%s", argv[0]);
	CHECK(realpath(dirname(dir), real), "realpath: %s", strerror(errno));
	check_dir(real);

	/* procfs has no O_TMPFILE (a non-root user may not write there) */
	errno = 0;
	CHECK(open("/proc", O_TMPFILE | O_RDWR, 0600) == -1 &&
	      (errno == EOPNOTSUPP || (getuid() != 0 && errno == EACCES)),
	      "O_TMPFILE in /proc: %s", strerror(errno));
	return 0;
}
