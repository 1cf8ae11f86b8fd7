// SPDX-License-Identifier: GPL-2.0-or-later
// SA_RESETHAND: the handler runs for the first signal and the disposition
// is back to SIG_DFL afterwards (sigaction reads SIG_DFL, without the
// flag); the second SIGUSR1 takes the default action and kills (checked
// in a child, which dies of SIGUSR1 after its handler ran once).
#include <signal.h>
#include <sys/wait.h>
#include "guest.h"

static volatile sig_atomic_t runs;

static void on_usr1(int sig __attribute__((unused)))
{
	runs++;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESETHAND }, old;
	int status;
	pid_t pid;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(raise(SIGUSR1));
	CHECK(runs == 1, "the handler ran %d times", (int)runs);
	CHECK_OK(sigaction(SIGUSR1, NULL, &old));
	CHECK(old.sa_handler == SIG_DFL, "after one delivery the handler is %p, want SIG_DFL",
	      (void *)old.sa_handler);

	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		raise(SIGUSR1);
		if (runs != 2)
			_exit(10 + runs);
		raise(SIGUSR1);
		_exit(3);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1,
	      "the child's status %#x, want death by SIGUSR1 (exit 3: the second "
	      "signal was handled again; 1x: the handler ran x-2 times)", status);
	return 0;
}
