// SPDX-License-Identifier: GPL-2.0-or-later
// Classic fcntl locks: two processes each holding a lock the other waits
// for with F_SETLKW: the second to wait gets EDEADLK (the first then gets
// its lock when the second lets go); OFD waiters are never told so.
// Ranges: l_whence SEEK_CUR and SEEK_END, a negative l_len (the bytes
// before l_start), l_len 0 (to the end, however far), a start before 0
// EINVAL, a bad l_whence or l_type EINVAL, F_GETLK of F_UNLCK EINVAL;
// adjacent locks of one owner and type merge (F_GETLK of another process
// sees one lock), an unlock in the middle splits one.
#include <fcntl.h>
#include <limits.h>
#include <sys/wait.h>
#include "guest.h"

static struct flock lk(short type, short whence, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = whence,
			    .l_start = start, .l_len = len };
	return fl;
}

static void wait_ok(pid_t pid)
{
	int st;

	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed (%#x)", st);
}

/* In a child: F_GETLK for [start, start+len) must find the lock
 * [wstart, wstart+wlen) of type wtype held by the parent. */
static void seen_by_child(int fd, off_t start, off_t len, short wtype,
			  off_t wstart, off_t wlen)
{
	pid_t parent = getpid(), pid = CHECK_OK(fork());

	if (pid == 0) {
		struct flock fl = lk(F_WRLCK, SEEK_SET, start, len);

		CHECK_OK(fcntl(fd, F_GETLK, &fl));
		CHECK(fl.l_type == wtype && fl.l_whence == SEEK_SET &&
		      fl.l_start == wstart && fl.l_len == wlen &&
		      (wtype == F_UNLCK || fl.l_pid == parent),
		      "F_GETLK [%ld,+%ld): type %d start %ld len %ld pid %d, "
		      "want type %d start %ld len %ld", (long)start, (long)len,
		      fl.l_type, (long)fl.l_start, (long)fl.l_len, fl.l_pid,
		      wtype, (long)wstart, (long)wlen);
		_exit(0);
	}
	wait_ok(pid);
}

int main(void)
{
	char path[PATH_MAX], c;
	struct flock fl;
	int fd, fd2, ready[2], st;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/locks", guest_tmpdir());
	fd = CHECK_OK(open(path, O_CREAT | O_EXCL | O_RDWR, 0600));
	CHECK(write(fd, "0123456789", 10) == 10, "write: %s", strerror(errno));

	/* argument errors */
	fl = lk(F_UNLCK, SEEK_SET, 0, 0);
	CHECK_ERR(fcntl(fd, F_GETLK, &fl), EINVAL);
	fl = lk(F_WRLCK, SEEK_END, -20, 1);
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), EINVAL);
	fl = lk(F_WRLCK, SEEK_SET, 2, -3);
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), EINVAL);
	fl = lk(F_WRLCK, 7, 0, 0);
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), EINVAL);
	fl = lk(99, SEEK_SET, 0, 0);
	CHECK_ERR(fcntl(fd, F_SETLK, &fl), EINVAL);

	/* whence and negative lengths, as another process sees them */
	fl = lk(F_WRLCK, SEEK_SET, 5, -3);		/* bytes 2..4 */
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	seen_by_child(fd, 0, 0, F_WRLCK, 2, 3);
	seen_by_child(fd, 5, 0, F_UNLCK, 5, 0);
	fl = lk(F_UNLCK, SEEK_SET, 0, 0);
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	CHECK(lseek(fd, 4, SEEK_SET) == 4, "lseek");
	fl = lk(F_RDLCK, SEEK_CUR, 2, 2);		/* bytes 6..7 */
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	seen_by_child(fd, 0, 0, F_RDLCK, 6, 2);
	fl = lk(F_WRLCK, SEEK_END, -1, 0);		/* 9 to the end */
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	seen_by_child(fd, 8, 0, F_WRLCK, 9, 0);
	seen_by_child(fd, 1000000, 1, F_WRLCK, 9, 0);
	fl = lk(F_UNLCK, SEEK_SET, 0, 0);
	CHECK_OK(fcntl(fd, F_SETLK, &fl));

	/* merging and splitting */
	fl = lk(F_WRLCK, SEEK_SET, 0, 5);
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	fl = lk(F_WRLCK, SEEK_SET, 5, 5);
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	seen_by_child(fd, 0, 0, F_WRLCK, 0, 10);
	fl = lk(F_UNLCK, SEEK_SET, 3, 4);
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	seen_by_child(fd, 0, 0, F_WRLCK, 0, 3);
	seen_by_child(fd, 3, 0, F_WRLCK, 7, 3);
	seen_by_child(fd, 3, 4, F_UNLCK, 3, 4);
	fl = lk(F_RDLCK, SEEK_SET, 0, 10);		/* one read lock now */
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	seen_by_child(fd, 4, 1, F_RDLCK, 0, 10);
	fl = lk(F_UNLCK, SEEK_SET, 0, 0);
	CHECK_OK(fcntl(fd, F_SETLK, &fl));

	/* a deadlock: we hold byte 0 and wait for byte 1, the child holds
	 * byte 1 and then waits for byte 0 */
	CHECK_OK(pipe(ready));
	fl = lk(F_WRLCK, SEEK_SET, 0, 1);
	CHECK_OK(fcntl(fd, F_SETLK, &fl));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct flock f = lk(F_WRLCK, SEEK_SET, 1, 1);
		int cfd = CHECK_OK(open(path, O_RDWR));

		CHECK_OK(fcntl(cfd, F_SETLK, &f));
		CHECK(write(ready[1], "r", 1) == 1, "write");
		/* the parent waits for byte 1 now (or soon): either it sees
		 * the deadlock (it waited first) or we do */
		f = lk(F_WRLCK, SEEK_SET, 0, 1);
		if (fcntl(cfd, F_SETLKW, &f) == 0)
			_exit(0);	/* the parent got EDEADLK and let go */
		CHECK(errno == EDEADLK, "child's F_SETLKW: %s", strerror(errno));
		_exit(2);		/* we got EDEADLK: exit lets go */
	}
	CHECK(read(ready[0], &c, 1) == 1, "read");
	usleep(100000);		/* let the child wait first, most often */
	fl = lk(F_WRLCK, SEEK_SET, 1, 1);
	if (fcntl(fd, F_SETLKW, &fl) == 0) {
		/* the child saw the deadlock first and exited */
		CHECK_OK(waitpid(pid, &st, 0));
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2,
		      "the child: status %#x", st);
	} else {
		CHECK(errno == EDEADLK, "F_SETLKW: %s", strerror(errno));
		fl = lk(F_UNLCK, SEEK_SET, 0, 0);
		CHECK_OK(fcntl(fd, F_SETLK, &fl));	/* the child goes on */
		wait_ok(pid);
	}
	fl = lk(F_UNLCK, SEEK_SET, 0, 0);
	CHECK_OK(fcntl(fd, F_SETLK, &fl));

	/* OFD locks: the same circle just waits (the child is killed) */
	fd2 = CHECK_OK(open(path, O_RDWR));
	fl = lk(F_WRLCK, SEEK_SET, 0, 1);
	CHECK_OK(fcntl(fd, F_OFD_SETLK, &fl));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct flock f = lk(F_WRLCK, SEEK_SET, 1, 1);

		CHECK_OK(fcntl(fd2, F_OFD_SETLK, &f));
		CHECK(write(ready[1], "r", 1) == 1, "write");
		f = lk(F_WRLCK, SEEK_SET, 0, 1);
		fcntl(fd2, F_OFD_SETLKW, &f);
		_exit(3);
	}
	CHECK(read(ready[0], &c, 1) == 1, "read");
	usleep(100000);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "the OFD waiter did not wait: status %#x", st);
	CHECK_OK(close(fd2));	/* its lock goes with the open file */
	fl = lk(F_WRLCK, SEEK_SET, 0, 0);
	CHECK_OK(fcntl(fd, F_OFD_SETLK, &fl));

	CHECK_OK(close(fd));
	CHECK_OK(unlink(path));
	return 0;
}
