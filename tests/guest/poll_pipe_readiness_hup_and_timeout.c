// SPDX-License-Identifier: GPL-2.0-or-later
// poll(2) and ppoll(2) on a pipe: an empty pipe is writable, not
// readable; data makes the read end POLLIN; a timeout of 100 ms waits
// about that long; closing the write end gives POLLHUP, closing the read
// end POLLERR on the write end; a closed fd is POLLNVAL, a negative one is
// skipped; data written by a child while the parent sleeps in poll wakes
// it.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct pollfd pfd[3];
	struct timespec ts = { 0, 100000000 };
	int p[2], n;
	double t0, dt;
	char c;

	signal(SIGPIPE, SIG_IGN);
	CHECK_OK(pipe(p));
	pfd[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	pfd[2] = (struct pollfd){ .fd = -1, .events = POLLIN, .revents = 77 };
	n = CHECK_OK(poll(pfd, 3, 0));
	CHECK(n == 1 && pfd[0].revents == 0 && pfd[1].revents == POLLOUT &&
	      pfd[2].revents == 0, "empty pipe: n %d revents %#x %#x %#x", n,
	      pfd[0].revents, pfd[1].revents, pfd[2].revents);

	t0 = now();
	n = CHECK_OK(poll(pfd, 1, 100));
	dt = now() - t0;
	CHECK(n == 0 && dt >= 0.095 && dt < 1.0, "timeout: n %d after %.3f s", n, dt);
	t0 = now();
	n = CHECK_OK(ppoll(pfd, 1, &ts, NULL));
	dt = now() - t0;
	CHECK(n == 0 && dt >= 0.095 && dt < 1.0, "ppoll timeout: n %d after %.3f s", n, dt);

	CHECK_OK(write(p[1], "x", 1));
	n = CHECK_OK(poll(pfd, 2, -1));
	CHECK(n == 2 && pfd[0].revents == POLLIN, "data: n %d revents %#x", n,
	      pfd[0].revents);
	CHECK_OK(read(p[0], &c, 1));

	/* a child writes while we sleep in poll */
	pid_t pid = CHECK_OK(fork());
	if (!pid) {
		usleep(50000);
		_exit(write(p[1], "y", 1) == 1 ? 0 : 1);
	}
	t0 = now();
	n = CHECK_OK(poll(pfd, 1, 5000));
	CHECK(n == 1 && pfd[0].revents == POLLIN && now() - t0 < 4,
	      "wake by a writer: n %d revents %#x", n, pfd[0].revents);
	CHECK_OK(read(p[0], &c, 1));
	CHECK_OK(waitpid(pid, NULL, 0));

	CHECK_OK(close(p[1]));
	n = CHECK_OK(poll(pfd, 1, 1000));
	CHECK(n == 1 && pfd[0].revents == POLLHUP, "no writer: revents %#x, want POLLHUP",
	      pfd[0].revents);
	pfd[1].fd = p[1];	/* closed */
	n = CHECK_OK(poll(pfd + 1, 1, 0));
	CHECK(n == 1 && pfd[1].revents == POLLNVAL, "closed fd: revents %#x", pfd[1].revents);

	CHECK_OK(pipe(p));
	CHECK_OK(close(p[0]));
	pfd[0] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	n = CHECK_OK(poll(pfd, 1, 0));
	CHECK(n == 1 && (pfd[0].revents & POLLERR), "no reader: revents %#x", pfd[0].revents);
	return 0;
}
