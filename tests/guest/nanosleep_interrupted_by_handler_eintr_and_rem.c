// SPDX-License-Identifier: GPL-2.0-or-later
// A 5 s nanosleep interrupted after ~200 ms by a signal with a handler
// (even one with SA_RESTART) fails with EINTR and writes the time left
// (about 4.8 s) to rem; clock_nanosleep(CLOCK_MONOTONIC) likewise returns
// EINTR with rem; an absolute clock_nanosleep is interrupted too (EINTR,
// rem untouched).
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	(void)sig;
	got++;
}

/* A child that sends SIGUSR1 to us after ms milliseconds. */
static pid_t signal_in(int ms)
{
	pid_t parent = getpid(), pid = CHECK_OK(fork());

	if (!pid) {
		usleep(ms * 1000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	return pid;
}

static double left(const struct timespec *ts)
{
	return ts->tv_sec + ts->tv_nsec / 1e9;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	struct timespec req = { 5, 0 }, rem = { 0, 0 }, abs;
	pid_t pid;
	int r;

	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	pid = signal_in(200);
	CHECK_ERR(nanosleep(&req, &rem), EINTR);
	CHECK(got == 1, "the handler ran %d times", (int)got);
	CHECK(left(&rem) > 4.0 && left(&rem) < 4.95, "rem %.3f s, want about 4.8",
	      left(&rem));
	CHECK_OK(waitpid(pid, NULL, 0));

	pid = signal_in(100);
	rem = (struct timespec){ 0, 0 };
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
	CHECK(r == EINTR, "clock_nanosleep returned %d, want EINTR", r);
	CHECK(left(&rem) > 4.0 && left(&rem) < 4.95, "clock_nanosleep rem %.3f s",
	      left(&rem));
	CHECK_OK(waitpid(pid, NULL, 0));

	pid = signal_in(100);
	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_sec += 5;
	rem = (struct timespec){ 123, 0 };
	r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, &rem);
	CHECK(r == EINTR, "absolute clock_nanosleep returned %d, want EINTR", r);
	CHECK(rem.tv_sec == 123, "an absolute sleep wrote rem");
	CHECK_OK(waitpid(pid, NULL, 0));
	CHECK(got == 3, "the handler ran %d times, want 3", (int)got);
	req.tv_nsec = 1000000000;
	CHECK_ERR(nanosleep(&req, NULL), EINVAL);
	return 0;
}
