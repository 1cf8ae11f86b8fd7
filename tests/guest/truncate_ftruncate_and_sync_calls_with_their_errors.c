// SPDX-License-Identifier: GPL-2.0-or-later
// truncate and ftruncate, in /tmp and in the working directory: growing
// reads back zeros, shrinking drops data, a symlink is followed; a
// directory is EISDIR (ftruncate on it EINVAL), a negative length EINVAL,
// an fd not open for writing EINVAL, a pipe EINVAL, a bad fd EBADF, a
// missing file ENOENT, "file/x" ENOTDIR, past RLIMIT_FSIZE EFBIG (and
// SIGXFSZ, which kills when not ignored; fallocate and write too, a write
// across the limit is cut short).  fsync, fdatasync and syncfs: fine on files (read-only
// too) and directories, EINVAL on a pipe and on /dev/null, EBADF on a bad
// fd; sync returns.
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "guest.h"

static char top[64];
static const char *cwd_dir;

/* "top/name" (guest.h) */
#define at(name) guest_at(top, name)

static void check_in(const char *dir)
{
	struct rlimit old, rl;
	struct stat st;
	char buf[16];
	int fd, ro, dfd, status;
	pid_t pid;

	snprintf(top, sizeof(top), "%s", dir);
	fd = CHECK_OK(open(at("f"), O_CREAT | O_EXCL | O_RDWR, 0644));
	CHECK(write(fd, "0123456789", 10) == 10, "write: %s", strerror(errno));
	CHECK_OK(mkdir(at("d"), 0755));
	CHECK_OK(symlink("f", at("l")));

	CHECK_OK(truncate(at("l"), 4));
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_size == 4, "size %ld after truncate to 4", (long)st.st_size);
	CHECK_OK(ftruncate(fd, 8));
	CHECK(pread(fd, buf, sizeof(buf), 0) == 8, "pread: %s", strerror(errno));
	CHECK(!memcmp(buf, "0123\0\0\0\0", 8), "grown file: %.8s", buf);

	CHECK_ERR(truncate(at("d"), 0), EISDIR);
	CHECK_ERR(truncate(at("f"), -1), EINVAL);
	CHECK_ERR(ftruncate(fd, -1), EINVAL);
	CHECK_ERR(truncate(at("missing"), 0), ENOENT);
	CHECK_ERR(truncate(at("f/x"), 0), ENOTDIR);
	CHECK_ERR(truncate("", 0), ENOENT);
	ro = CHECK_OK(open(at("f"), O_RDONLY));
	CHECK_ERR(ftruncate(ro, 0), EINVAL);
	dfd = CHECK_OK(open(at("d"), O_RDONLY | O_DIRECTORY));
	CHECK_ERR(ftruncate(dfd, 0), EINVAL);
	CHECK_ERR(ftruncate(-1, 0), EBADF);
	CHECK_ERR(ftruncate(9999, 0), EBADF);

	/* RLIMIT_FSIZE */
	signal(SIGXFSZ, SIG_IGN);
	CHECK_OK(getrlimit(RLIMIT_FSIZE, &old));
	rl = old;
	rl.rlim_cur = 100;
	CHECK_OK(setrlimit(RLIMIT_FSIZE, &rl));
	CHECK_ERR(ftruncate(fd, 101), EFBIG);
	CHECK_ERR(truncate(at("f"), 4096), EFBIG);
	CHECK_ERR(fallocate(fd, 0, 0, 101), EFBIG);
	CHECK_OK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 101));
	CHECK(pwrite(fd, "abcdef", 6, 98) == 2, "a write across the limit "
	      "is not cut short: %s", strerror(errno));
	CHECK_ERR(pwrite(fd, "x", 1, 100), EFBIG);
	CHECK(pwrite(fd, "", 0, 200) == 0, "an empty write: %s",
	      strerror(errno));
	CHECK_OK(ftruncate(fd, 100));
	CHECK_OK(ftruncate(fd, 50));	/* shrinking is always fine */
	/* SIGXFSZ kills a writer that does not ignore it */
	signal(SIGXFSZ, SIG_DFL);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		pwrite(fd, "x", 1, 100);
		_exit(0);
	}
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ,
	      "a write past RLIMIT_FSIZE: status %#x", status);
	CHECK_OK(setrlimit(RLIMIT_FSIZE, &old));

	/* the sync calls */
	CHECK_OK(fsync(fd));
	CHECK_OK(fdatasync(fd));
	CHECK_OK(fsync(ro));
	CHECK_OK(fdatasync(ro));
	CHECK_OK(fsync(dfd));
	CHECK_OK(fdatasync(dfd));
	CHECK_OK(syncfs(fd));
	CHECK_OK(syncfs(dfd));

	CHECK_OK(close(dfd));
	CHECK_OK(close(ro));
	CHECK_OK(close(fd));
	CHECK_OK(unlink(at("l")));
	CHECK_OK(unlink(at("f")));
	CHECK_OK(rmdir(at("d")));
}

int main(void)
{
	int p[2], null;

	check_in(guest_tmpdir());
	cwd_dir = guest_cwd_dir("truncate");
	check_in(cwd_dir);

	CHECK_OK(pipe(p));
	CHECK_ERR(ftruncate(p[1], 0), EINVAL);
	CHECK_ERR(fsync(p[0]), EINVAL);
	CHECK_ERR(fdatasync(p[1]), EINVAL);
	CHECK_OK(syncfs(p[0]));
	null = CHECK_OK(open("/dev/null", O_WRONLY));
	CHECK_ERR(fsync(null), EINVAL);
	CHECK_ERR(fdatasync(null), EINVAL);
	CHECK_ERR(ftruncate(null, 0), EINVAL);
	CHECK_ERR(fsync(-1), EBADF);
	CHECK_ERR(fdatasync(9999), EBADF);
	CHECK_ERR(syncfs(-1), EBADF);
	sync();
	return 0;
}
