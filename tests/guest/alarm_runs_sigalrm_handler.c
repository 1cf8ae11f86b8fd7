// SPDX-License-Identifier: GPL-2.0-or-later
// alarm(2): alarm(1) then alarm(1) returns 1 (the seconds left, rounded);
// the SIGALRM handler runs about a second later and interrupts pause();
// alarm(0) cancels a pending alarm and returns what was left; an alarm
// survives execve (checked by re-executing ourselves).
#include <signal.h>
#include <time.h>
#include "guest.h"

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	double t0, dt;
	unsigned left;

	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	if (argc > 1) {
		/* after execve: the alarm set before it is still there */
		t0 = now();
		pause();
		CHECK(alarms == 1 && now() - t0 < 1.0, "the alarm did not survive execve");
		return 0;
	}
	CHECK(alarm(1) == 0, "a fresh process has an alarm");
	left = alarm(1);
	CHECK(left == 1, "alarm(1) after alarm(1) returned %u, want 1", left);
	t0 = now();
	pause();
	dt = now() - t0;
	CHECK(alarms == 1 && dt > 0.9 && dt < 2.0, "SIGALRM after %.3f s, %d times", dt,
	      (int)alarms);

	CHECK(alarm(10) == 0, "a fired alarm was still pending");
	left = alarm(0);
	CHECK(left == 10 || left == 9, "alarm(0) returned %u, want 10", left);
	usleep(10000);
	CHECK(alarms == 1, "a cancelled alarm fired");

	alarm(1);
	usleep(500000);
	execl("/proc/self/exe", argv[0], "again", (char *)NULL);
	FAIL("execl: %s", strerror(errno));
}
