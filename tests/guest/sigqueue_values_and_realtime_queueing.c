// SPDX-License-Identifier: GPL-2.0-or-later
// sigqueue/rt_sigqueueinfo: an SA_SIGINFO handler gets si_code SI_QUEUE,
// the value and si_pid.  Real-time signals queue: three sigqueue of
// SIGRTMIN+1 while blocked arrive three times, in order, with their
// values; a standard signal sent twice while blocked arrives once; all
// are listed by sigpending meanwhile.
#include <signal.h>
#include <sys/syscall.h>
#include "guest.h"

static volatile int n;
static volatile int sigs[16], vals[16], codes[16], pids[16];

static void handler(int sig, siginfo_t *si, void *uc __attribute__((unused)))
{
	if (n < 16) {
		sigs[n] = sig;
		vals[n] = si->si_value.sival_int;
		codes[n] = si->si_code;
		pids[n] = si->si_pid;
	}
	n++;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = handler, .sa_flags = SA_SIGINFO };
	sigset_t block;
	pid_t me = getpid();
	int rt = SIGRTMIN + 1;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(rt, &sa, NULL));
	CHECK_OK(sigaction(rt + 1, &sa, NULL));
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));

	CHECK_OK(sigqueue(me, rt, (union sigval){ .sival_int = 1234 }));
	CHECK(n == 1, "sigqueue to self: %d deliveries", n);
	CHECK(sigs[0] == rt && vals[0] == 1234 && codes[0] == SI_QUEUE && pids[0] == me,
	      "got sig %d value %d code %d pid %d, want %d 1234 %d %d", sigs[0],
	      vals[0], codes[0], pids[0], rt, SI_QUEUE, me);

	/* rt_sigqueueinfo with our own siginfo (a negative si_code is allowed). */
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	si.si_signo = rt;
	si.si_code = SI_QUEUE;
	si.si_pid = me;
	si.si_uid = getuid();
	si.si_value.sival_int = -77;
	n = 0;
	CHECK_OK(syscall(SYS_rt_sigqueueinfo, me, rt, &si));
	CHECK(n == 1 && vals[0] == -77 && codes[0] == SI_QUEUE,
	      "rt_sigqueueinfo: %d deliveries, value %d code %d", n, vals[0], codes[0]);

	/* Queued while blocked. */
	sigemptyset(&block);
	sigaddset(&block, rt);
	sigaddset(&block, rt + 1);
	sigaddset(&block, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));
	n = 0;
	CHECK_OK(sigqueue(me, rt + 1, (union sigval){ .sival_int = 100 }));
	for (int i = 0; i < 3; i++)
		CHECK_OK(sigqueue(me, rt, (union sigval){ .sival_int = 10 + i }));
	CHECK_OK(kill(me, SIGUSR1));
	CHECK_OK(kill(me, SIGUSR1));
	CHECK(n == 0, "%d deliveries while blocked", n);
	sigset_t pending;
	CHECK_OK(sigpending(&pending));
	CHECK(sigismember(&pending, rt) && sigismember(&pending, rt + 1) &&
		      sigismember(&pending, SIGUSR1),
	      "sigpending does not list the blocked signals");
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &block, NULL));

	/*
	 * Counted per signal: the order between different signals depends on
	 * how handler frames nest, but one real-time signal's instances come
	 * in the order they were sent.
	 */
	CHECK(n == 5, "%d deliveries after unblocking, want 5 (SIGUSR1 once, "
		      "SIGRTMIN+1 three times, SIGRTMIN+2 once)", n);
	int usr1 = 0, rt1 = 0, rt2 = 0;
	for (int i = 0; i < 5; i++) {
		if (sigs[i] == SIGUSR1) {
			usr1++;
		} else if (sigs[i] == rt) {
			CHECK(vals[i] == 10 + rt1, "SIGRTMIN+1 #%d has value %d, want %d",
			      rt1, vals[i], 10 + rt1);
			rt1++;
		} else if (sigs[i] == rt + 1) {
			CHECK(vals[i] == 100, "SIGRTMIN+2 has value %d, want 100", vals[i]);
			rt2++;
		} else {
			FAIL("delivery %d: unexpected signal %d", i, sigs[i]);
		}
	}
	CHECK(usr1 == 1 && rt1 == 3 && rt2 == 1,
	      "SIGUSR1 %d times (want 1), SIGRTMIN+1 %d (3), SIGRTMIN+2 %d (1)", usr1,
	      rt1, rt2);
	return 0;
}
