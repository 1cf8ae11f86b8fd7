// SPDX-License-Identifier: GPL-2.0-or-later
// timer_create with SIGEV_SIGNAL: a periodic 10 ms CLOCK_MONOTONIC timer
// delivers SIGRTMIN with si_code SI_TIMER and the sigev_value given;
// timer_gettime shows the period; with the signal blocked for 100 ms the
// expirations meanwhile show as overruns (timer_getoverrun); a SIGEV_NONE
// timer counts down without a signal; timer_delete makes the id invalid;
// a CLOCK_PROCESS_CPUTIME_ID timer fires once 30 ms of CPU time are used.
#include <signal.h>
#include <time.h>
#include "guest.h"

static volatile sig_atomic_t fired, code, value;

static void on_timer(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fired++;
	code = si->si_code;
	value = si->si_value.sival_int;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_timer, .sa_flags = SA_SIGINFO };
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN,
				.sigev_value.sival_int = 4242 };
	struct itimerspec its = { { 0, 10000000 }, { 0, 10000000 } }, cur;
	sigset_t mask;
	timer_t tm, none, cpu;
	int over;

	CHECK_OK(sigaction(SIGRTMIN, &sa, NULL));
	CHECK_OK(timer_create(CLOCK_MONOTONIC, &sev, &tm));
	CHECK_OK(timer_settime(tm, 0, &its, NULL));
	while (fired < 3)
		pause();
	CHECK(code == SI_TIMER && value == 4242, "si_code %d value %d", (int)code,
	      (int)value);
	CHECK_OK(timer_gettime(tm, &cur));
	CHECK(cur.it_interval.tv_nsec == 10000000 && cur.it_value.tv_nsec <= 10000000,
	      "timer_gettime: value %ld ns", cur.it_value.tv_nsec);

	sigemptyset(&mask);
	sigaddset(&mask, SIGRTMIN);
	CHECK_OK(sigprocmask(SIG_BLOCK, &mask, NULL));
	usleep(100000);
	fired = 0;
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &mask, NULL));
	CHECK(fired == 1, "%d signals after unblocking, want 1 (with overruns)",
	      (int)fired);
	over = CHECK_OK(timer_getoverrun(tm));
	CHECK(over >= 5 && over <= 11, "overrun %d after 100 ms of a 10 ms timer", over);
	CHECK_OK(timer_delete(tm));
	CHECK_ERR(timer_gettime(tm, &cur), EINVAL);

	sev.sigev_notify = SIGEV_NONE;
	CHECK_OK(timer_create(CLOCK_REALTIME, &sev, &none));
	its = (struct itimerspec){ { 0, 0 }, { 5, 0 } };
	CHECK_OK(timer_settime(none, 0, &its, NULL));
	CHECK_OK(timer_gettime(none, &cur));
	CHECK(cur.it_value.tv_sec == 4, "SIGEV_NONE: %ld s left of 5",
	      (long)cur.it_value.tv_sec);
	CHECK_OK(timer_delete(none));

	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_value.sival_int = 7;
	fired = 0;
	CHECK_OK(timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &cpu));
	its = (struct itimerspec){ { 0, 0 }, { 0, 30000000 } };
	CHECK_OK(timer_settime(cpu, 0, &its, NULL));
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t1);
	while (!fired && t1.tv_sec - t0.tv_sec < 10);
	CHECK(fired == 1 && value == 7, "CPU timer: fired %d value %d", (int)fired,
	      (int)value);
	sev.sigev_signo = 0;
	CHECK_ERR(timer_create(CLOCK_MONOTONIC, &sev, &tm), EINVAL);
	return 0;
}
