// SPDX-License-Identifier: GPL-2.0-or-later
// setitimer(ITIMER_REAL) with a 20 ms period fires SIGALRM again and
// again (10 times in about 200 ms); getitimer shows the period and a
// value within it; setting a zero value disarms it and returns the old
// setting; ITIMER_VIRTUAL fires SIGVTALRM once the process has used
// 50 ms of CPU time; a bad timer is EINVAL.
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include "guest.h"

static volatile sig_atomic_t alarms, vtalarms;

static void on_alarm(int sig)
{
	if (sig == SIGALRM)
		alarms++;
	else
		vtalarms++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, cur;
	double t0, dt;

	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	CHECK_OK(sigaction(SIGVTALRM, &sa, NULL));
	t0 = now();
	CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
	CHECK_OK(getitimer(ITIMER_REAL, &cur));
	CHECK(cur.it_interval.tv_usec == 20000 && cur.it_value.tv_sec == 0 &&
	      cur.it_value.tv_usec <= 20000, "getitimer: value %ld us, interval %ld us",
	      (long)cur.it_value.tv_usec, (long)cur.it_interval.tv_usec);
	while (alarms < 10)
		pause();
	dt = now() - t0;
	CHECK(dt > 0.18 && dt < 1.0, "10 periods of 20 ms took %.3f s", dt);
	it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
	CHECK_OK(setitimer(ITIMER_REAL, &it, &cur));
	CHECK(cur.it_interval.tv_usec == 20000, "old interval %ld us",
	      (long)cur.it_interval.tv_usec);
	int seen = alarms;

	usleep(60000);
	CHECK(alarms == seen, "SIGALRM after the timer was disarmed");
	CHECK_OK(getitimer(ITIMER_REAL, &cur));
	CHECK(!cur.it_value.tv_sec && !cur.it_value.tv_usec, "disarmed timer has a value");

	it = (struct itimerval){ { 0, 0 }, { 0, 50000 } };
	CHECK_OK(setitimer(ITIMER_VIRTUAL, &it, NULL));
	t0 = now();
	while (!vtalarms && now() - t0 < 10)
		;	/* burn CPU time */
	CHECK(vtalarms == 1, "no SIGVTALRM after 10 s of spinning");
	CHECK_ERR(setitimer(7, &it, NULL), EINVAL);
	return 0;
}
