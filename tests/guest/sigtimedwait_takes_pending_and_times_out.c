// SPDX-License-Identifier: GPL-2.0-or-later
// sigtimedwait: with nothing pending it fails with EAGAIN after the
// timeout (not sooner); a pending blocked signal is taken at once with its
// siginfo (SI_USER, our pid; SI_QUEUE and the value for sigqueue), and no
// handler runs; a signal sent by a child while we wait wakes us.
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

static volatile int handled;

static void handler(int sig __attribute__((unused)))
{
	handled++;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = handler };
	struct timespec t100 = { 0, 100 * 1000 * 1000 }, t5 = { 5, 0 };
	sigset_t set;
	siginfo_t si;
	pid_t me = getpid(), pid;
	double t0;
	int status;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(sigaction(SIGRTMIN, &sa, NULL));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));

	t0 = now();
	CHECK_ERR(sigtimedwait(&set, &si, &t100), EAGAIN);
	CHECK(now() - t0 >= 0.099, "sigtimedwait timed out after %.3f s, want 0.1",
	      now() - t0);

	CHECK_OK(kill(me, SIGUSR1));
	memset(&si, 0, sizeof(si));
	CHECK(sigtimedwait(&set, &si, &t5) == SIGUSR1, "did not take SIGUSR1: %s",
	      strerror(errno));
	CHECK(si.si_signo == SIGUSR1 && si.si_code == SI_USER && si.si_pid == me,
	      "siginfo: signo %d code %d pid %d", si.si_signo, si.si_code, si.si_pid);

	CHECK_OK(sigqueue(me, SIGRTMIN, (union sigval){ .sival_int = 4242 }));
	memset(&si, 0, sizeof(si));
	CHECK(sigwaitinfo(&set, &si) == SIGRTMIN, "sigwaitinfo: %s", strerror(errno));
	CHECK(si.si_code == SI_QUEUE && si.si_value.sival_int == 4242,
	      "sigqueue'd siginfo: code %d value %d", si.si_code, si.si_value.sival_int);
	CHECK(handled == 0, "a handler ran for a signal sigtimedwait took");

	pid = CHECK_OK(fork());
	if (pid == 0) {
		nanosleep(&t100, NULL);
		kill(me, SIGUSR1);
		_exit(0);
	}
	memset(&si, 0, sizeof(si));
	CHECK(sigtimedwait(&set, &si, &t5) == SIGUSR1, "waiting for the child's signal: %s",
	      strerror(errno));
	CHECK(si.si_pid == pid, "si_pid %d, want the child %d", si.si_pid, pid);
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");

	sigset_t pending;
	CHECK_OK(sigpending(&pending));
	CHECK(!sigismember(&pending, SIGUSR1), "SIGUSR1 still pending after it was taken");
	return 0;
}
