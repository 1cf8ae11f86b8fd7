// SPDX-License-Identifier: GPL-2.0-or-later
// An O_PATH fd only names a place: fstat, fstatfs, fchdir, openat and
// fstatat(AT_EMPTY_PATH) relative to it, reopening through /proc/self/fd/N,
// dup, fcntl(F_GETFL/F_GETFD) and close work; read, write, pread, fchmod,
// fchown, fsync, ftruncate, fgetxattr, ioctl, mmap, getdents64, flock and
// fcntl locks are EBADF.  F_GETFL shows O_PATH.  It needs no permission
// on the file itself, only search permission on the way.
#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include "guest.h"

int main(void)
{
	char dir[PATH_MAX], file[PATH_MAX], buf[PATH_MAX + 8], proc[64];
	struct stat st;
	struct statfs sfs;
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	int fd, dfd, fd2, n;

	snprintf(dir, sizeof(dir), "%s/d", guest_tmpdir());
	snprintf(file, sizeof(file), "%s/d/f", guest_tmpdir());
	CHECK_OK(mkdir(dir, 0755));
	fd = CHECK_OK(open(file, O_CREAT | O_WRONLY, 0000));
	CHECK(write(fd, "data", 4) == 4, "write: %s", strerror(errno));
	CHECK_OK(close(fd));
	CHECK_OK(chmod(file, 0644));

	fd = CHECK_OK(open(file, O_PATH));
	CHECK((CHECK_OK(fcntl(fd, F_GETFL)) & O_PATH) == O_PATH,
	      "F_GETFL lacks O_PATH");
	CHECK_OK(fcntl(fd, F_GETFD));
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode) && st.st_size == 4, "fstat: mode %o size %ld",
	      st.st_mode, (long)st.st_size);
	CHECK_OK(fstatat(fd, "", &st, AT_EMPTY_PATH));
	CHECK_OK(fstatfs(fd, &sfs));
	CHECK_ERR(read(fd, buf, 1), EBADF);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK_ERR(pread(fd, buf, 1, 0), EBADF);
	CHECK_ERR(pwrite(fd, "x", 1, 0), EBADF);
	CHECK_ERR(fchmod(fd, 0600), EBADF);
	CHECK_ERR(fchown(fd, -1, -1), EBADF);
	CHECK_ERR(fsync(fd), EBADF);
	CHECK_ERR(fdatasync(fd), EBADF);
	CHECK_ERR(ftruncate(fd, 0), EBADF);
	CHECK_ERR(fgetxattr(fd, "user.x", buf, sizeof(buf)), EBADF);
	CHECK_ERR(ioctl(fd, FIONREAD, &n), EBADF);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED &&
	      errno == EBADF, "mmap of an O_PATH fd: %s", strerror(errno));
	CHECK_ERR(flock(fd, LOCK_SH), EBADF);
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), EBADF);
	CHECK_ERR(lseek(fd, 0, SEEK_SET), EBADF);
	/* /proc/self/fd/N reopens the file for real, with a permission check */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	fd2 = CHECK_OK(open(proc, O_RDONLY));
	CHECK(read(fd2, buf, sizeof(buf)) == 4 && !memcmp(buf, "data", 4),
	      "read through the reopened fd: %s", strerror(errno));
	CHECK_OK(close(fd2));
	fd2 = CHECK_OK(dup(fd));
	CHECK_OK(close(fd2));
	CHECK_OK(close(fd));
	/* a file with no permission at all can still be named */
	CHECK_OK(chmod(file, 0000));
	fd = CHECK_OK(open(file, O_PATH));
	CHECK_OK(close(fd));
	CHECK_OK(chmod(file, 0644));

	/* a directory: fchdir, openat, getdents64 EBADF */
	dfd = CHECK_OK(open(dir, O_PATH | O_DIRECTORY));
	fd = CHECK_OK(openat(dfd, "f", O_RDONLY));
	CHECK(read(fd, buf, sizeof(buf)) == 4, "read: %s", strerror(errno));
	CHECK_OK(close(fd));
	CHECK_OK(fstatat(dfd, "f", &st, 0));
	CHECK_ERR(syscall(SYS_getdents64, dfd, buf, sizeof(buf)), EBADF);
	CHECK_OK(fchdir(dfd));
	CHECK_OK(stat("f", &st));
	CHECK(getcwd(buf, sizeof(buf)) && !strcmp(buf, dir), "getcwd %s", buf);
	CHECK_OK(chdir("/"));
	CHECK_OK(close(dfd));
	CHECK_ERR(open(file, O_PATH | O_DIRECTORY), ENOTDIR);

	/* O_PATH ignores O_CREAT and O_TRUNC: no file is made or emptied */
	snprintf(buf, sizeof(buf), "%s/new", dir);
	CHECK_ERR(open(buf, O_PATH | O_CREAT, 0644), ENOENT);
	fd = CHECK_OK(open(file, O_PATH | O_TRUNC | O_RDWR));
	CHECK_OK(close(fd));
	CHECK_OK(stat(file, &st));
	CHECK(st.st_size == 4, "O_PATH|O_TRUNC truncated: size %ld",
	      (long)st.st_size);

	CHECK_OK(unlink(file));
	CHECK_OK(rmdir(dir));
	return 0;
}
