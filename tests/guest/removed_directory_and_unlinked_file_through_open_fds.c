// SPDX-License-Identifier: GPL-2.0-or-later
// What is left of removed names, in /tmp and in the working directory: an
// unlinked open file keeps working through its fd (read, write, ftruncate,
// fchmod, futimens; fstat says nlink 0), and can be linked again through
// /proc/self/fd while it has another name (ENOENT once it has none).  A removed directory (rmdir, or
// replaced by a rename) lists nothing: getdents is ENOENT; in it nothing
// can be made (ENOENT for open O_CREAT, mkdir, mkfifo, symlink); as the
// working directory, getcwd is ENOENT, stat(".") says nlink 0, and ".."
// still leads out.
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "guest.h"

static const char *cwd_dir;

static void check_in(const char *dir)
{
	struct timespec ts[2] = { { 100, 0 }, { 200, 0 } };
	char p[PATH_MAX], q[PATH_MAX], buf[PATH_MAX];
	struct stat st;
	int fd, dfd, here;

	/* an unlinked file */
	snprintf(p, sizeof(p), "%s/f", dir);
	fd = CHECK_OK(open(p, O_CREAT | O_EXCL | O_RDWR, 0644));
	CHECK_OK(unlink(p));
	CHECK(write(fd, "hello", 5) == 5, "write: %s", strerror(errno));
	CHECK_OK(ftruncate(fd, 3));
	CHECK(pread(fd, buf, sizeof(buf), 0) == 3 && !memcmp(buf, "hel", 3),
	      "pread after ftruncate");
	CHECK_OK(ftruncate(fd, 8192));
	CHECK_OK(fchmod(fd, 0600));
	CHECK_OK(futimens(fd, ts));
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_nlink == 0 && st.st_size == 8192 &&
	      (st.st_mode & 07777) == 0600 && st.st_mtim.tv_sec == 200,
	      "%s: unlinked file: nlink %d size %ld mode %o mtime %ld", dir,
	      (int)st.st_nlink, (long)st.st_size, st.st_mode & 07777,
	      (long)st.st_mtim.tv_sec);
	CHECK_OK(close(fd));
	/* an open file whose name went can get one again while it has some
	 * other name; with none left, ENOENT */
	snprintf(p, sizeof(p), "%s/f", dir);
	snprintf(q, sizeof(q), "%s/other", dir);
	fd = CHECK_OK(open(p, O_CREAT | O_EXCL | O_RDWR, 0644));
	CHECK_OK(link(p, q));
	CHECK_OK(unlink(p));
	snprintf(buf, sizeof(buf), "/proc/self/fd/%d", fd);
	CHECK_OK(linkat(AT_FDCWD, buf, AT_FDCWD, p, AT_SYMLINK_FOLLOW));
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_nlink == 2, "%s: relinked file has %d links", dir,
	      (int)st.st_nlink);
	CHECK_OK(unlink(p));
	CHECK_OK(unlink(q));
	CHECK_ERR(linkat(AT_FDCWD, buf, AT_FDCWD, p, AT_SYMLINK_FOLLOW), ENOENT);
	CHECK_OK(close(fd));

	/* a removed directory, held open and as the working directory */
	snprintf(p, sizeof(p), "%s/d", dir);
	CHECK_OK(mkdir(p, 0755));
	dfd = CHECK_OK(open(p, O_RDONLY | O_DIRECTORY));
	here = CHECK_OK(open(".", O_RDONLY | O_DIRECTORY));
	CHECK_OK(chdir(p));
	CHECK_OK(rmdir(p));
	CHECK_ERR(syscall(SYS_getdents64, dfd, buf, sizeof(buf)), ENOENT);
	CHECK_ERR(syscall(SYS_getcwd, buf, sizeof(buf)), ENOENT);
	CHECK_ERR(open("new", O_CREAT | O_WRONLY, 0644), ENOENT);
	CHECK_ERR(openat(dfd, "new", O_CREAT | O_WRONLY, 0644), ENOENT);
	CHECK_ERR(mkdir("sub", 0755), ENOENT);
	CHECK_ERR(mkfifo("fifo", 0644), ENOENT);
	CHECK_ERR(symlink("x", "link"), ENOENT);
	CHECK_ERR(stat("anything", &st), ENOENT);
	CHECK_OK(stat(".", &st));
	CHECK(st.st_nlink == 0, "%s: a removed directory has %d links", dir,
	      (int)st.st_nlink);
	CHECK_OK(chdir(".."));
	CHECK_ERR(stat("d", &st), ENOENT);
	CHECK_OK(fchdir(here));
	CHECK_OK(close(here));
	CHECK_OK(close(dfd));

	/* a directory replaced by a rename */
	snprintf(q, sizeof(q), "%s/e", dir);
	CHECK_OK(mkdir(p, 0755));
	CHECK_OK(mkdir(q, 0755));
	dfd = CHECK_OK(open(q, O_RDONLY | O_DIRECTORY));
	CHECK(syscall(SYS_getdents64, dfd, buf, sizeof(buf)) > 0,
	      "getdents64 of a live directory: %s", strerror(errno));
	CHECK_OK(rename(p, q));
	CHECK_OK(lseek(dfd, 0, SEEK_SET));
	CHECK_ERR(syscall(SYS_getdents64, dfd, buf, sizeof(buf)), ENOENT);
	CHECK_OK(close(dfd));
	CHECK_OK(rmdir(q));
}

int main(void)
{
	char abs[PATH_MAX];

	check_in(guest_tmpdir());
	cwd_dir = guest_cwd_dir("removed");
	/* absolute: the test changes its working directory */
	CHECK(realpath(cwd_dir, abs), "realpath: %s", strerror(errno));
	check_in(abs);
	return 0;
}
