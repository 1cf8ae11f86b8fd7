// SPDX-License-Identifier: GPL-2.0-or-later
// A child sleeping 600 ms in nanosleep is stopped (SIGSTOP) and continued
// (SIGCONT) in the middle; with no handler involved, the sleep goes on
// (restart_syscall) and ends no sooner than the 600 ms asked, with
// nanosleep returning 0.  The parent sees the stop and the continue.
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
	int st;
	pid_t pid = CHECK_OK(fork());

	if (!pid) {
		struct timespec req = { 0, 600000000 };
		double t0 = now(), dt;

		if (nanosleep(&req, NULL)) {
			fprintf(stderr, "nanosleep: %s\n", strerror(errno));
			_exit(2);
		}
		dt = now() - t0;
		if (dt < 0.6 || dt > 3) {
			fprintf(stderr, "slept %.3f s, want 0.6\n", dt);
			_exit(3);
		}
		_exit(0);
	}
	usleep(100000);
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_OK(waitpid(pid, &st, WUNTRACED));
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "child not stopped: %#x", st);
	usleep(100000);
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
	return 0;
}
