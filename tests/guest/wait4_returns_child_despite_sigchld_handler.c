// SPDX-License-Identifier: GPL-2.0-or-later
// A blocking wait4 whose child exits returns the child (pid and status)
// even though a SIGCHLD handler without SA_RESTART is installed: the child
// becomes waitable before the SIGCHLD interrupts anything, so the wait
// finds it (Linux scans for zombies before it looks at pending signals);
// the handler runs afterwards.  dash relies on this: its `$?` after a
// command comes from such a wait.  50 rounds.
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include "guest.h"

static volatile sig_atomic_t chld;

static void on_chld(int sig __attribute__((unused)))
{
	chld++;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_chld, .sa_flags = 0 };
	int status;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGCHLD, &sa, NULL));
	for (int i = 0; i < 50; i++) {
		pid_t pid = CHECK_OK(fork());

		if (pid == 0) {
			/* Half exit at once, half after the parent is waiting. */
			struct timespec ts = { 0, (i % 2) * 5 * 1000 * 1000 };

			nanosleep(&ts, NULL);
			_exit(i + 1);
		}
		status = -1;
		pid_t r = wait4(-1, &status, 0, NULL);
		CHECK(r == pid, "round %d: wait4 returned %d (%s), want the child %d", i, r,
		      r == -1 ? strerrorname_np(errno) : "-", pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == i + 1,
		      "round %d: status %#x, want exit %d", i, status, i + 1);
	}
	CHECK(chld >= 1, "the SIGCHLD handler never ran");
	return 0;
}
