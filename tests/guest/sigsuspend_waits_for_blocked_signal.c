// SPDX-License-Identifier: GPL-2.0-or-later
// sigsuspend: with SIGUSR1 blocked, a child sends it after a delay;
// sigsuspend with a mask that lets it through returns -1 EINTR after the
// handler ran, and the old mask (SIGUSR1 blocked) is back.  A signal that
// is already pending when sigsuspend starts is taken at once.
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

static volatile sig_atomic_t got;

static void on_usr1(int sig __attribute__((unused)))
{
	got++;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t block, during, now;
	pid_t parent = getpid(), pid;
	int status;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));

	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct timespec ts = { 0, 100 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	sigemptyset(&during);
	sigaddset(&during, SIGUSR2); /* anything but SIGUSR1 */
	CHECK_ERR(sigsuspend(&during), EINTR);
	CHECK(got == 1, "the handler ran %d times, want 1", (int)got);
	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &now));
	CHECK(sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2),
	      "the mask after sigsuspend is not the old one");
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");

	/* Pending before sigsuspend: taken at once. */
	CHECK_OK(raise(SIGUSR1));
	CHECK(got == 1, "a blocked signal was delivered");
	sigemptyset(&during);
	CHECK_ERR(sigsuspend(&during), EINTR);
	CHECK(got == 2, "the pending signal was not taken by sigsuspend (%d)", (int)got);
	return 0;
}
