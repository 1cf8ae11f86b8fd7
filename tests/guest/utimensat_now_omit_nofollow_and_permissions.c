// SPDX-License-Identifier: GPL-2.0-or-later
// utimensat, futimens, futimesat, utimes and utime, in /tmp and in the
// working directory: explicit times are set to the nanosecond (utimes to the
// microsecond); UTIME_OMIT keeps a time and UTIME_NOW takes the clock; both
// omitted changes nothing; AT_SYMLINK_NOFOLLOW re-dates the link and not its
// target; a bad tv_nsec or flag is EINVAL; a missing file ENOENT; a bad fd
// EBADF; utimensat(fd, NULL) acts on fd itself.  Permission (root only, in
// /tmp): setting "now" needs ownership or write permission (EACCES), setting
// given times needs ownership (EPERM), even with write permission.
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <utime.h>
#include "guest.h"

static char top[64];
static const char *cwd_dir;

/* "top/name" (guest.h) */
#define at(name) guest_at(top, name)

static void times_are(const char *name, bool nofollow, long a, long an,
		      long m, long mn)
{
	struct stat st;

	CHECK_OK(nofollow ? lstat(at(name), &st) : stat(at(name), &st));
	CHECK(st.st_atim.tv_sec == a && st.st_atim.tv_nsec == an &&
	      st.st_mtim.tv_sec == m && st.st_mtim.tv_nsec == mn,
	      "%s: atime %ld.%09ld mtime %ld.%09ld, want %ld.%09ld %ld.%09ld",
	      name, (long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
	      (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, a, an, m, mn);
}

static void check_in(const char *dir)
{
	struct timespec ts[2] = { { 1000, 111111111 }, { 2000, 222222222 } };
	struct timeval tv[2] = { { 3000, 333333 }, { 4000, 444444 } };
	struct utimbuf ub = { 5000, 6000 };
	struct stat st;
	time_t before;
	int fd;

	snprintf(top, sizeof(top), "%s", dir);
	fd = CHECK_OK(open(at("f"), O_CREAT | O_EXCL | O_WRONLY, 0644));
	CHECK_OK(close(fd));

	CHECK_OK(utimensat(AT_FDCWD, at("f"), ts, 0));
	times_are("f", false, 1000, 111111111, 2000, 222222222);
	/* UTIME_OMIT keeps, UTIME_NOW takes the clock */
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_sec = 2500;
	ts[1].tv_nsec = 5;
	CHECK_OK(utimensat(AT_FDCWD, at("f"), ts, 0));
	times_are("f", false, 1000, 111111111, 2500, 5);
	before = time(NULL);
	ts[0].tv_nsec = UTIME_NOW;
	ts[1].tv_nsec = UTIME_OMIT;
	CHECK_OK(utimensat(AT_FDCWD, at("f"), ts, 0));
	CHECK_OK(stat(at("f"), &st));
	CHECK(st.st_atim.tv_sec >= before && st.st_atim.tv_sec <= time(NULL) &&
	      st.st_mtim.tv_sec == 2500, "after NOW/OMIT: atime %ld mtime %ld",
	      (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
	ts[0].tv_nsec = ts[1].tv_nsec = UTIME_OMIT;
	ts[0].tv_sec = ts[1].tv_sec = 1;
	CHECK_OK(utimensat(AT_FDCWD, at("f"), ts, 0));
	CHECK_OK(stat(at("f"), &st));
	CHECK(st.st_mtim.tv_sec == 2500, "OMIT/OMIT changed mtime");
	/* NULL: both now */
	CHECK_OK(utimensat(AT_FDCWD, at("f"), NULL, 0));
	CHECK_OK(stat(at("f"), &st));
	CHECK(st.st_mtim.tv_sec >= before, "NULL times: mtime %ld",
	      (long)st.st_mtim.tv_sec);

	/* the other calls */
	CHECK_OK(utimes(at("f"), tv));
	times_are("f", false, 3000, 333333000, 4000, 444444000);
	CHECK_OK(syscall(SYS_futimesat, AT_FDCWD, at("f"), tv));
	times_are("f", false, 3000, 333333000, 4000, 444444000);
	CHECK_OK(utime(at("f"), &ub));
	times_are("f", false, 5000, 0, 6000, 0);
	fd = CHECK_OK(open(at("f"), O_RDONLY));
	ts[0] = (struct timespec){ 7000, 7 };
	ts[1] = (struct timespec){ 8000, 8 };
	CHECK_OK(futimens(fd, ts));
	times_are("f", false, 7000, 7, 8000, 8);
	ts[0].tv_sec = 7100;
	CHECK_OK(syscall(SYS_utimensat, fd, NULL, ts, 0));
	times_are("f", false, 7100, 7, 8000, 8);
	CHECK_OK(close(fd));

	/* AT_SYMLINK_NOFOLLOW */
	CHECK_OK(symlink("f", at("l")));
	ts[0] = (struct timespec){ 100, 1 };
	ts[1] = (struct timespec){ 200, 2 };
	CHECK_OK(utimensat(AT_FDCWD, at("l"), ts, AT_SYMLINK_NOFOLLOW));
	times_are("l", true, 100, 1, 200, 2);
	times_are("f", false, 7100, 7, 8000, 8);
	ts[0] = (struct timespec){ 300, 3 };
	CHECK_OK(utimensat(AT_FDCWD, at("l"), ts, 0));
	times_are("f", false, 300, 3, 200, 2);
	/* (following the link may update its atime, by relatime's rule) */
	CHECK_OK(lstat(at("l"), &st));
	CHECK(st.st_mtim.tv_sec == 200 && st.st_mtim.tv_nsec == 2,
	      "the link's mtime changed");

	/* errors */
	ts[0].tv_nsec = 1000000000;
	CHECK_ERR(utimensat(AT_FDCWD, at("f"), ts, 0), EINVAL);
	ts[0].tv_nsec = -1;
	CHECK_ERR(utimensat(AT_FDCWD, at("f"), ts, 0), EINVAL);
	ts[0].tv_nsec = 0;
	CHECK_ERR(utimensat(AT_FDCWD, at("f"), ts, 0x4000), EINVAL);
	tv[0].tv_usec = 1000000;
	CHECK_ERR(utimes(at("f"), tv), EINVAL);
	CHECK_ERR(utimensat(AT_FDCWD, at("missing"), NULL, 0), ENOENT);
	CHECK_ERR(utimensat(AT_FDCWD, at("f/x"), NULL, 0), ENOTDIR);
	CHECK_ERR(utimensat(AT_FDCWD, "", NULL, 0), ENOENT);
	CHECK_ERR(futimens(-1, NULL), EBADF);
	CHECK_ERR(syscall(SYS_utimensat, 12345, NULL, NULL, 0), EBADF);

	CHECK_OK(unlink(at("l")));
	CHECK_OK(unlink(at("f")));
}

/* uid 1001, in /tmp where "others" (0:0) is 0666 and "ro" 0644 */
static void not_owner(void)
{
	struct timespec ts[2] = { { 1, 0 }, { 2, 0 } };
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	int fd;

	CHECK_OK(utimensat(AT_FDCWD, at("others"), NULL, 0));
	CHECK_OK(utimensat(AT_FDCWD, at("others"), now, 0));
	CHECK_OK(utimes(at("others"), NULL));
	CHECK_ERR(utimensat(AT_FDCWD, at("others"), ts, 0), EPERM);
	CHECK_ERR(utimensat(AT_FDCWD, at("ro"), NULL, 0), EACCES);
	CHECK_ERR(utimensat(AT_FDCWD, at("ro"), now, 0), EACCES);
	CHECK_ERR(utimensat(AT_FDCWD, at("ro"), ts, 0), EPERM);
	CHECK_ERR(utimes(at("ro"), NULL), EACCES);
	/* futimens(NULL) on a read-only fd of a file it could write */
	fd = CHECK_OK(open(at("others"), O_RDONLY));
	CHECK_OK(futimens(fd, NULL));
	CHECK_ERR(futimens(fd, ts), EPERM);
	CHECK_OK(close(fd));
}

int main(void)
{
	int st, fd;
	pid_t pid;

	check_in(guest_tmpdir());
	cwd_dir = guest_cwd_dir("utimens");
	check_in(cwd_dir);
	if (geteuid() != 0) {
		fprintf(stderr, "not root: skipped the checks as another user\n");
		return 0;
	}
	snprintf(top, sizeof(top), "%s", guest_tmpdir());
	CHECK_OK(chmod(top, 0755));
	fd = CHECK_OK(open(at("others"), O_CREAT | O_WRONLY, 0666));
	CHECK_OK(fchmod(fd, 0666));
	CHECK_OK(close(fd));
	fd = CHECK_OK(open(at("ro"), O_CREAT | O_WRONLY, 0644));
	CHECK_OK(close(fd));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		CHECK_OK(setgroups(0, NULL));
		CHECK_OK(setgid(1001));
		CHECK_OK(setuid(1001));
		not_owner();
		_exit(0);
	}
	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed (%#x)", st);
	CHECK_OK(unlink(at("others")));
	CHECK_OK(unlink(at("ro")));
	return 0;
}
