// SPDX-License-Identifier: GPL-2.0-or-later
// The signal being handled is blocked during its handler, unless
// SA_NODEFER: a handler that raises its own signal once sees it nested
// (depth 2 inside the first run) with SA_NODEFER, and without it the
// second delivery waits until the first handler returned (depth never
// above 1, still two runs).  sa_mask signals are blocked in the handler.
#include <signal.h>
#include "guest.h"

static volatile int depth, max_depth, runs, usr2_blocked;

static void handler(int sig)
{
	sigset_t now;

	depth++;
	runs++;
	if (depth > max_depth)
		max_depth = depth;
	sigprocmask(SIG_BLOCK, NULL, &now);
	usr2_blocked = sigismember(&now, SIGUSR2);
	if (runs == 1)
		raise(sig);
	depth--;
}

static void run(int flags)
{
	struct sigaction sa = { .sa_handler = handler, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	depth = max_depth = runs = 0;
	CHECK_OK(raise(SIGUSR1));
}

int main(void)
{
	sigset_t now;

	run(SA_NODEFER);
	CHECK(runs == 2, "SA_NODEFER: %d runs, want 2", runs);
	CHECK(max_depth == 2, "SA_NODEFER: depth %d, want 2 (nested)", max_depth);
	CHECK(usr2_blocked, "SIGUSR2 (in sa_mask) was not blocked in the handler");

	run(0);
	CHECK(runs == 2, "without SA_NODEFER: %d runs, want 2", runs);
	CHECK(max_depth == 1, "without SA_NODEFER: depth %d, want 1 (deferred)", max_depth);

	CHECK_OK(sigprocmask(SIG_BLOCK, NULL, &now));
	CHECK(!sigismember(&now, SIGUSR1) && !sigismember(&now, SIGUSR2),
	      "the mask was not restored after the handlers");
	return 0;
}
