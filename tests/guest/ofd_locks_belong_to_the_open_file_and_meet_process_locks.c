// SPDX-License-Identifier: GPL-2.0-or-later
// OFD locks (F_OFD_SETLK, F_OFD_SETLKW, F_OFD_GETLK) belong to the open
// file description: a dup or a forked child's copy shares them (no
// conflict, and closing a dup keeps them), another open of the same file
// conflicts; they conflict with another process's classic locks both ways,
// F_GETLK of an OFD lock and F_OFD_GETLK of any lock it conflicts with
// report l_pid -1 for OFD locks and the pid for classic ones; l_pid must be
// 0 in an OFD call (EINVAL); F_OFD_SETLKW waits for the holder to let go.
// Classic locks, by contrast, go when their process closes any fd of the
// file.  flock locks too belong to the open file: a child's copy shares it.
// In /tmp and in the working directory.
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

static const char *cwd_dir;

static struct flock lk(short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
			    .l_start = start, .l_len = len };
	return fl;
}

static void wait_ok(pid_t pid)
{
	int st;

	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child failed (%#x)", st);
}

/* A child of the same process group takes a classic lock, tells us, waits
 * for our word and exits. */
static pid_t classic_holder(const char *path, short type, off_t start,
			    off_t len, int ready[2], int go[2])
{
	pid_t pid = CHECK_OK(fork());
	char c;

	if (pid == 0) {
		struct flock fl = lk(type, start, len);
		int fd = CHECK_OK(open(path, O_RDWR));

		CHECK_OK(fcntl(fd, F_SETLK, &fl));
		CHECK(write(ready[1], "r", 1) == 1, "write");
		CHECK(read(go[0], &c, 1) == 1, "read");
		_exit(0);
	}
	CHECK(read(ready[0], &c, 1) == 1, "read: %s", strerror(errno));
	return pid;
}

static void check_in(const char *dir)
{
	char path[PATH_MAX], c;
	struct flock fl;
	int a, b, d, ready[2], go[2];
	pid_t pid;

	snprintf(path, sizeof(path), "%s/lockfile", dir);
	a = CHECK_OK(open(path, O_CREAT | O_EXCL | O_RDWR, 0600));
	b = CHECK_OK(open(path, O_RDWR));
	CHECK_OK(pipe(ready));
	CHECK_OK(pipe(go));

	/* a dup shares the lock; closing it keeps the lock */
	fl = lk(F_WRLCK, 0, 100);
	CHECK_OK(fcntl(a, F_OFD_SETLK, &fl));
	d = CHECK_OK(dup(a));
	fl = lk(F_WRLCK, 50, 10);
	CHECK_OK(fcntl(d, F_OFD_SETLK, &fl));
	CHECK_OK(close(d));
	fl = lk(F_RDLCK, 0, 1);
	CHECK_ERR(fcntl(b, F_OFD_SETLK, &fl), EAGAIN);
	/* l_pid must be 0 */
	fl = lk(F_RDLCK, 200, 1);
	fl.l_pid = 1;
	CHECK_ERR(fcntl(b, F_OFD_SETLK, &fl), EINVAL);
	fl.l_pid = 1;
	CHECK_ERR(fcntl(b, F_OFD_GETLK, &fl), EINVAL);

	/* a forked child's copy is the same open file: no conflict */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct flock f = lk(F_WRLCK, 0, 100);

		CHECK_OK(fcntl(a, F_OFD_SETLK, &f));
		CHECK_OK(fcntl(a, F_OFD_GETLK, &f));
		CHECK(f.l_type == F_UNLCK, "own OFD lock reported");
		/* a classic lock of the child conflicts with the OFD lock */
		f = lk(F_RDLCK, 10, 1);
		CHECK_ERR(fcntl(b, F_SETLK, &f), EAGAIN);
		f = lk(F_RDLCK, 10, 1);
		CHECK_OK(fcntl(b, F_GETLK, &f));
		CHECK(f.l_type == F_WRLCK && f.l_pid == -1 && f.l_start == 0 &&
		      f.l_len == 100, "F_GETLK of an OFD lock: type %d pid %d "
		      "start %ld len %ld", f.l_type, f.l_pid, (long)f.l_start,
		      (long)f.l_len);
		_exit(0);
	}
	wait_ok(pid);
	/* the child's exit did not take the lock (it is the open file's) */
	fl = lk(F_RDLCK, 0, 1);
	CHECK_ERR(fcntl(b, F_OFD_SETLK, &fl), EAGAIN);
	fl = lk(F_UNLCK, 0, 0);
	CHECK_OK(fcntl(a, F_OFD_SETLK, &fl));

	/* another process's classic lock against our OFD locks */
	pid = classic_holder(path, F_WRLCK, 10, 5, ready, go);
	fl = lk(F_RDLCK, 12, 1);
	CHECK_ERR(fcntl(a, F_OFD_SETLK, &fl), EAGAIN);
	fl = lk(F_WRLCK, 0, 0);
	CHECK_OK(fcntl(a, F_OFD_GETLK, &fl));
	CHECK(fl.l_type == F_WRLCK && fl.l_pid == pid && fl.l_start == 10 &&
	      fl.l_len == 5, "F_OFD_GETLK of a classic lock: type %d pid %d "
	      "start %ld len %ld", fl.l_type, fl.l_pid, (long)fl.l_start,
	      (long)fl.l_len);
	fl = lk(F_WRLCK, 15, 5);		/* next to it: fine */
	CHECK_OK(fcntl(a, F_OFD_SETLK, &fl));
	/* F_OFD_SETLKW waits until the holder exits */
	CHECK(write(go[1], "g", 1) == 1, "write");
	fl = lk(F_WRLCK, 0, 15);
	CHECK_OK(fcntl(b, F_OFD_SETLKW, &fl));
	wait_ok(pid);
	fl = lk(F_UNLCK, 0, 0);
	CHECK_OK(fcntl(a, F_OFD_SETLK, &fl));
	CHECK_OK(fcntl(b, F_OFD_SETLK, &fl));

	/* ... and the other way round: our OFD lock blocks its classic one */
	fl = lk(F_RDLCK, 0, 10);
	CHECK_OK(fcntl(a, F_OFD_SETLK, &fl));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		int fd = CHECK_OK(open(path, O_RDWR));
		struct flock f = lk(F_WRLCK, 5, 1);

		CHECK_ERR(fcntl(fd, F_SETLK, &f), EAGAIN);
		f = lk(F_RDLCK, 5, 1);		/* readers share */
		CHECK_OK(fcntl(fd, F_SETLK, &f));
		_exit(0);
	}
	wait_ok(pid);
	fl = lk(F_UNLCK, 0, 0);
	CHECK_OK(fcntl(a, F_OFD_SETLK, &fl));

	/* classic locks go when the process closes any fd of the file */
	fl = lk(F_WRLCK, 0, 0);
	CHECK_OK(fcntl(a, F_SETLK, &fl));
	d = CHECK_OK(open(path, O_RDONLY));
	CHECK_OK(close(d));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		int fd = CHECK_OK(open(path, O_RDWR));
		struct flock f = lk(F_WRLCK, 0, 0);

		CHECK_OK(fcntl(fd, F_SETLK, &f));
		_exit(0);
	}
	wait_ok(pid);

	/* flock: a forked child's copy shares the lock */
	CHECK_OK(flock(a, LOCK_EX));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		CHECK_OK(flock(a, LOCK_EX | LOCK_NB));
		CHECK_ERR(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
		_exit(0);
	}
	wait_ok(pid);
	CHECK_OK(flock(a, LOCK_UN));

	CHECK_OK(close(a));
	CHECK_OK(close(b));
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
	CHECK_OK(unlink(path));
	(void)c;
}

int main(void)
{
	check_in(guest_tmpdir());
	cwd_dir = guest_cwd_dir("ofdlocks");
	check_in(cwd_dir);
	return 0;
}
