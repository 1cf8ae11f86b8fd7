// SPDX-License-Identifier: GPL-2.0-or-later
// In /tmp: a regular file written, truncated (truncate, ftruncate, O_TRUNC)
// or allocated by a user that is not root loses its setuid bit, and its
// setgid bit when group-executable (a setgid bit without group x stays);
// root's writes keep them.  A file made in a setgid directory takes the
// directory's group, a directory also the setgid bit; a creator outside
// that group gets no setgid bit on a group-executable file (open, mknod).
// O_NOATIME (open and F_SETFL) is for the file's owner or root: EPERM for
// others.  The checks need other ids, so natively they run as root only.
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "guest.h"

static char top[64];

/* "top/name" (guest.h) */
#define at(name) guest_at(top, name)

static void make_file(const char *name, mode_t mode, uid_t uid, gid_t gid)
{
	int fd = CHECK_OK(open(at(name), O_CREAT | O_EXCL | O_WRONLY, 0600));

	CHECK(write(fd, "data", 4) == 4, "write: %s", strerror(errno));
	CHECK_OK(close(fd));
	CHECK_OK(chown(at(name), uid, gid));
	CHECK_OK(chmod(at(name), mode));
}

static void want(const char *name, mode_t mode, gid_t gid)
{
	struct stat st;

	CHECK_OK(lstat(at(name), &st));
	CHECK((st.st_mode & 07777) == mode && st.st_gid == gid,
	      "%s: mode %o gid %d, want %o gid %d", name, st.st_mode & 07777,
	      (int)st.st_gid, mode, (int)gid);
}

static void user(void)
{
	int fd;

	fd = CHECK_OK(open(at("w"), O_WRONLY));
	CHECK(write(fd, "x", 1) == 1, "write: %s", strerror(errno));
	CHECK_OK(close(fd));
	want("w", 0777, 1001);
	CHECK_OK(truncate(at("t"), 1));
	want("t", 0777, 1001);
	fd = CHECK_OK(open(at("ft"), O_WRONLY));
	CHECK_OK(ftruncate(fd, 2));
	CHECK_OK(close(fd));
	want("ft", 0777, 1001);
	fd = CHECK_OK(open(at("ot"), O_WRONLY | O_TRUNC));
	CHECK_OK(close(fd));
	want("ot", 0777, 1001);
	fd = CHECK_OK(open(at("fa"), O_WRONLY));
	CHECK_OK(fallocate(fd, 0, 0, 100));
	CHECK_OK(close(fd));
	want("fa", 0777, 1001);
	/* setgid without group x marks mandatory locking: kept */
	fd = CHECK_OK(open(at("gnox"), O_WRONLY));
	CHECK(write(fd, "x", 1) == 1, "write: %s", strerror(errno));
	CHECK_OK(close(fd));
	want("gnox", 02767, 1001);
	/* root's setuid file loses the bit to another user's write too */
	fd = CHECK_OK(open(at("uonly"), O_WRONLY));
	CHECK(write(fd, "x", 1) == 1, "write: %s", strerror(errno));
	CHECK_OK(close(fd));
	want("uonly", 0777, 0);

	/* in the setgid directory "sg" (group 1234, which uid 1001 lacks) */
	fd = CHECK_OK(open(at("sg/f"), O_CREAT | O_WRONLY, 02755));
	CHECK_OK(close(fd));
	want("sg/f", 0755, 1234);
	fd = CHECK_OK(open(at("sg/nox"), O_CREAT | O_WRONLY, 02644));
	CHECK_OK(close(fd));
	want("sg/nox", 02644, 1234);
	CHECK_OK(mknod(at("sg/fifo"), S_IFIFO | 02750, 0));
	want("sg/fifo", 0750, 1234);
	CHECK_OK(mkdir(at("sg/d"), 0755));
	want("sg/d", 02755, 1234);

	/* O_NOATIME */
	CHECK_ERR(open(at("roots"), O_RDONLY | O_NOATIME), EPERM);
	fd = CHECK_OK(open(at("roots"), O_RDONLY));
	CHECK_ERR(fcntl(fd, F_SETFL, O_NOATIME), EPERM);
	CHECK_OK(close(fd));
	fd = CHECK_OK(open(at("w"), O_RDONLY | O_NOATIME));	/* its own */
	CHECK_OK(fcntl(fd, F_SETFL, 0));
	CHECK_OK(fcntl(fd, F_SETFL, O_NOATIME));
	CHECK(fcntl(fd, F_GETFL) & O_NOATIME, "F_GETFL lacks O_NOATIME");
	CHECK_OK(close(fd));
}

int main(void)
{
	static const char *const names[] = {
		"w", "t", "ft", "ot", "fa", "gnox", "uonly", "roots", "rw",
		"sg/f", "sg/nox", "sg/fifo",
	};
	int fd;

	if (geteuid() != 0) {
		fprintf(stderr, "not root: skipped (the checks need other ids)\n");
		return 0;
	}
	snprintf(top, sizeof(top), "%s", guest_tmpdir());
	CHECK_OK(chmod(top, 0777));
	make_file("w", 06777, 1001, 1001);
	make_file("t", 06777, 1001, 1001);
	make_file("ft", 06777, 1001, 1001);
	make_file("ot", 06777, 1001, 1001);
	make_file("fa", 06777, 1001, 1001);
	make_file("gnox", 02767, 1001, 1001);
	make_file("uonly", 04777, 0, 0);
	make_file("roots", 0644, 0, 0);
	make_file("rw", 06777, 1001, 1001);
	CHECK_OK(mkdir(at("sg"), 0777));
	CHECK_OK(chown(at("sg"), 0, 1234));
	CHECK_OK(chmod(at("sg"), 02777));
	guest_as(1001, 1001, 0, NULL, user);

	/* root's writes keep the bits; root's O_NOATIME is fine */
	fd = CHECK_OK(open(at("rw"), O_WRONLY | O_NOATIME));
	CHECK(write(fd, "x", 1) == 1, "write: %s", strerror(errno));
	CHECK_OK(ftruncate(fd, 1));
	CHECK_OK(close(fd));
	want("rw", 06777, 1001);
	/* root in the setgid directory keeps the setgid bit it asks for */
	fd = CHECK_OK(open(at("sg/r"), O_CREAT | O_WRONLY, 02755));
	CHECK_OK(close(fd));
	want("sg/r", 02755, 1234);

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		CHECK_OK(unlink(at(names[i])));
	CHECK_OK(unlink(at("sg/r")));
	CHECK_OK(rmdir(at("sg/d")));
	CHECK_OK(rmdir(at("sg")));
	return 0;
}
