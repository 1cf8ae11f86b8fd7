// SPDX-License-Identifier: GPL-2.0-or-later
// A SIGCHLD handler that reaps with waitpid(-1, WNOHANG) in a loop: 20
// children exit with codes 1..20 (some at once, so SIGCHLDs coalesce);
// the main loop waits with sigsuspend until all are reaped; every code is
// seen once.  si_code is CLD_EXITED in the SA_SIGINFO handler.
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

#define CHILDREN 20

static volatile int reaped, bad_code;
static volatile int seen[CHILDREN + 1];

static void on_chld(int sig __attribute__((unused)), siginfo_t *si, void *uc __attribute__((unused)))
{
	int status, saved = errno;
	pid_t pid;

	if (si->si_code != CLD_EXITED)
		bad_code = si->si_code;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) >= 1 &&
		    WEXITSTATUS(status) <= CHILDREN)
			seen[WEXITSTATUS(status)]++;
		reaped++;
	}
	errno = saved;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_chld,
				.sa_flags = SA_SIGINFO | SA_RESTART | SA_NOCLDSTOP };
	sigset_t block, empty;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigemptyset(&empty);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));

	for (int i = 1; i <= CHILDREN; i++) {
		pid_t pid = CHECK_OK(fork());

		if (pid == 0) {
			struct timespec ts = { 0, (i % 4) * 10 * 1000 * 1000 };

			nanosleep(&ts, NULL);
			_exit(i);
		}
	}
	while (reaped < CHILDREN) {
		errno = 0;
		int r = sigsuspend(&empty);
		CHECK(r == -1 && errno == EINTR, "sigsuspend returned %d (%s)", r,
		      strerror(errno));
	}
	CHECK(reaped == CHILDREN, "reaped %d children, want %d", reaped, CHILDREN);
	for (int i = 1; i <= CHILDREN; i++)
		CHECK(seen[i] == 1, "exit code %d seen %d times", i, seen[i]);
	CHECK(bad_code == 0, "SIGCHLD si_code %d, want CLD_EXITED", bad_code);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	return 0;
}
