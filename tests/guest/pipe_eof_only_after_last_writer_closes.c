// SPDX-License-Identifier: GPL-2.0-or-later
// A pipe's read end sees EOF (read returns 0) only when every write end is
// closed, across fork: three children inherit the write end, write their
// lines and exit one after the other; while one still holds the write end a
// non-blocking read is EAGAIN, not EOF; after the last exits, read gives
// everything and then 0.
#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

int main(void)
{
	int fds[2], go[2], wrote[2], status;
	pid_t pids[3];
	char buf[256];
	size_t total = 0;
	ssize_t r;

	CHECK_OK(pipe(fds));
	CHECK_OK(pipe(go));
	CHECK_OK(pipe(wrote));
	for (int i = 0; i < 3; i++) {
		pids[i] = CHECK_OK(fork());
		if (pids[i] == 0) {
			char c, line[16];
			int len = snprintf(line, sizeof(line), "child %d\n", i);

			close(fds[0]);
			close(go[1]);
			if (write(fds[1], line, len) != len)
				_exit(2);
			/* The last child says it wrote, and holds its write
			 * end until told to go. */
			if (i == 2 && (write(wrote[1], "w", 1) != 1 ||
				       read(go[0], &c, 1) != 1))
				_exit(3);
			_exit(0);
		}
	}
	close(fds[1]);
	close(go[0]);
	close(wrote[1]);
	char c;
	CHECK(read(wrote[0], &c, 1) == 1, "the last child did not write");
	CHECK(waitpid(pids[0], &status, 0) == pids[0] && status == 0, "child 0: %#x", status);
	CHECK(waitpid(pids[1], &status, 0) == pids[1] && status == 0, "child 1: %#x", status);

	CHECK_OK(fcntl(fds[0], F_SETFL, O_NONBLOCK));
	while ((r = read(fds[0], buf + total, sizeof(buf) - total)) > 0)
		total += r;
	CHECK(r == -1 && errno == EAGAIN,
	      "with a writer left, read returned %zd (%s), want -1 EAGAIN", r,
	      r < 0 ? strerrorname_np(errno) : "EOF");
	CHECK(total == 24, "read %zu bytes before the last writer closed, want 24", total);

	CHECK_OK(fcntl(fds[0], F_SETFL, 0));
	CHECK(write(go[1], "g", 1) == 1, "write go");
	/* Blocking read: returns 0 once the last writer has exited. */
	r = read(fds[0], buf, sizeof(buf));
	CHECK(r == 0, "after the last writer exited read returned %zd, want 0 (EOF)", r);
	CHECK(waitpid(pids[2], &status, 0) == pids[2] && status == 0, "child 2: %#x", status);
	buf[total] = 0;
	CHECK(strstr(buf, "child 0\n") && strstr(buf, "child 1\n") && strstr(buf, "child 2\n"),
	      "the pipe carried '%s'", buf);

	/* A reader blocked in read is woken by the last close too. */
	CHECK_OK(pipe(fds));
	pid_t pid = CHECK_OK(fork());
	if (pid == 0) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		close(fds[0]);
		nanosleep(&ts, NULL);
		_exit(0);
	}
	close(fds[1]);
	r = read(fds[0], buf, sizeof(buf));
	CHECK(r == 0, "blocked read returned %zd, want 0 when the writer exited", r);
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	return 0;
}
