// SPDX-License-Identifier: GPL-2.0-or-later
// open's flags, in /tmp and in the working directory: O_APPEND writes go to
// the end even after lseek, and so does pwrite (Linux ignores its offset on
// O_APPEND); O_CREAT|O_EXCL fails with EEXIST on an existing file, a
// directory and a dangling symlink (which it does not follow); O_DIRECTORY
// on a file is ENOTDIR and with O_CREAT is EINVAL; O_NOFOLLOW on a symlink
// is ELOOP, but a symlink in the middle of the path is followed; O_TRUNC
// empties; a directory cannot be opened for writing (EISDIR); O_CREAT with
// a trailing slash is EISDIR (even on an existing file, even with O_EXCL);
// a name under a file is ENOTDIR; a missing parent is ENOENT.
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include "guest.h"

static const char *cwd_dir;

static const char *at(const char *dir, const char *name)
{
	static char bufs[4][PATH_MAX];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, PATH_MAX, "%s/%s", dir, name);
	return b;
}

static void check_in(const char *dir)
{
	char f[PATH_MAX], d[PATH_MAX], buf[32];
	struct stat st;
	int fd, fd2;

	snprintf(f, sizeof(f), "%s/f", dir);
	snprintf(d, sizeof(d), "%s/d", dir);

	fd = CHECK_OK(open(f, O_CREAT | O_EXCL | O_WRONLY, 0644));
	CHECK(write(fd, "hello", 5) == 5, "write: %s", strerror(errno));
	CHECK_OK(close(fd));

	/* O_APPEND: lseek does not move where writes go, nor pwrite's offset */
	fd = CHECK_OK(open(f, O_RDWR | O_APPEND));
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek: %s", strerror(errno));
	CHECK(write(fd, "AB", 2) == 2, "write: %s", strerror(errno));
	CHECK(lseek(fd, 0, SEEK_CUR) == 7, "offset after an append: %ld",
	      (long)lseek(fd, 0, SEEK_CUR));
	CHECK(pwrite(fd, "CD", 2, 1) == 2, "pwrite: %s", strerror(errno));
	/* another description writes in the middle; appends still go last */
	fd2 = CHECK_OK(open(f, O_WRONLY));
	CHECK(pwrite(fd2, "xyz", 3, 9) == 3, "pwrite: %s", strerror(errno));
	CHECK(write(fd, "E", 1) == 1, "write: %s", strerror(errno));
	CHECK_OK(close(fd2));
	CHECK(pread(fd, buf, sizeof(buf), 0) == 13, "pread: %s", strerror(errno));
	CHECK(!memcmp(buf, "helloABCDxyzE", 13), "content %.13s", buf);
	/* F_SETFL can take O_APPEND away and give it back */
	CHECK_OK(fcntl(fd, F_SETFL, 0));
	CHECK(pwrite(fd, "h", 1, 0) == 1, "pwrite: %s", strerror(errno));
	CHECK_OK(fcntl(fd, F_SETFL, O_APPEND));
	CHECK(fcntl(fd, F_GETFL) & O_APPEND, "F_GETFL lost O_APPEND");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek: %s", strerror(errno));
	CHECK(write(fd, "F", 1) == 1, "write: %s", strerror(errno));
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_size == 14, "size %ld", (long)st.st_size);
	CHECK_OK(close(fd));

	/* O_TRUNC */
	fd = CHECK_OK(open(f, O_WRONLY | O_TRUNC));
	CHECK_OK(fstat(fd, &st));
	CHECK(st.st_size == 0, "size %ld after O_TRUNC", (long)st.st_size);
	CHECK_OK(close(fd));

	/* O_EXCL */
	CHECK_OK(mkdir(d, 0755));
	CHECK_ERR(open(f, O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST);
	CHECK_ERR(open(d, O_CREAT | O_EXCL | O_RDONLY, 0644), EEXIST);
	CHECK_OK(symlink("nowhere", at(dir, "dangling")));
	CHECK_ERR(open(at(dir, "dangling"), O_CREAT | O_EXCL | O_WRONLY, 0644),
		  EEXIST);
	CHECK_ERR(lstat(at(dir, "nowhere"), &st), ENOENT);
	/* without O_EXCL, O_CREAT through a dangling link makes its target */
	fd = CHECK_OK(open(at(dir, "dangling"), O_CREAT | O_WRONLY, 0600));
	CHECK_OK(close(fd));
	CHECK_OK(lstat(at(dir, "nowhere"), &st));
	CHECK(S_ISREG(st.st_mode), "the target is not a file: %o", st.st_mode);
	/* ... but not with O_NOFOLLOW */
	CHECK_OK(unlink(at(dir, "nowhere")));
	CHECK_ERR(open(at(dir, "dangling"), O_CREAT | O_WRONLY | O_NOFOLLOW, 0600),
		  ELOOP);
	CHECK_ERR(lstat(at(dir, "nowhere"), &st), ENOENT);

	/* O_DIRECTORY */
	CHECK_ERR(open(f, O_RDONLY | O_DIRECTORY), ENOTDIR);
	fd = CHECK_OK(open(d, O_RDONLY | O_DIRECTORY));
	CHECK_OK(close(fd));
	CHECK_ERR(open(at(dir, "newdir"), O_CREAT | O_DIRECTORY | O_RDONLY, 0644),
		  EINVAL);
	CHECK_ERR(open(d, O_WRONLY), EISDIR);
	CHECK_ERR(open(d, O_RDWR), EISDIR);
	CHECK_ERR(open(d, O_CREAT | O_WRONLY, 0644), EISDIR);
	CHECK_ERR(open(at(dir, "d/new/"), O_CREAT | O_WRONLY, 0644), EISDIR);
	CHECK_ERR(open(at(dir, "f/"), O_CREAT | O_WRONLY, 0644), EISDIR);
	CHECK_ERR(open(at(dir, "f/"), O_CREAT | O_EXCL | O_WRONLY, 0644), EISDIR);
	CHECK_ERR(open(at(dir, "f/"), O_RDONLY), ENOTDIR);
	CHECK_ERR(open(at(dir, "missing/new/"), O_CREAT | O_WRONLY, 0644), ENOENT);
	CHECK_ERR(open(at(dir, "f/x/"), O_CREAT | O_WRONLY, 0644), ENOTDIR);
	CHECK_ERR(open(at(dir, "f/x"), O_RDONLY), ENOTDIR);
	CHECK_ERR(open(at(dir, "f/x"), O_CREAT | O_WRONLY, 0644), ENOTDIR);
	CHECK_ERR(open(at(dir, "missing/x"), O_CREAT | O_WRONLY, 0644), ENOENT);
	CHECK_ERR(open(at(dir, "missing"), O_RDONLY), ENOENT);

	/* O_NOFOLLOW: only the last component */
	CHECK_OK(symlink("d", at(dir, "ld")));
	CHECK_OK(symlink("f", at(dir, "lf")));
	CHECK_ERR(open(at(dir, "lf"), O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_ERR(open(at(dir, "ld"), O_RDONLY | O_NOFOLLOW | O_DIRECTORY), ENOTDIR);
	fd = CHECK_OK(open(at(dir, "ld/"), O_RDONLY | O_DIRECTORY));
	CHECK_OK(close(fd));
	CHECK_OK(mkdir(at(dir, "d/sub"), 0755));
	fd = CHECK_OK(open(at(dir, "ld/sub"), O_RDONLY | O_NOFOLLOW));
	CHECK_OK(close(fd));
	/* O_PATH|O_NOFOLLOW opens the link itself */
	fd = CHECK_OK(open(at(dir, "lf"), O_PATH | O_NOFOLLOW));
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISLNK(st.st_mode), "O_PATH|O_NOFOLLOW: mode %o", st.st_mode);
	CHECK_OK(close(fd));

	CHECK_OK(unlink(at(dir, "lf")));
	CHECK_OK(unlink(at(dir, "ld")));
	CHECK_OK(unlink(at(dir, "dangling")));
	CHECK_OK(rmdir(at(dir, "d/sub")));
	CHECK_OK(rmdir(d));
	CHECK_OK(unlink(f));
}

int main(void)
{
	check_in(guest_tmpdir());
	cwd_dir = guest_cwd_dir("openflags");
	check_in(cwd_dir);
	return 0;
}
