// SPDX-License-Identifier: GPL-2.0-or-later
// ppoll(2) and pselect6 with a signal mask: SIGUSR1 is blocked around
// the call and unblocked by the call's mask, so a SIGUSR1 already pending
// interrupts the wait (EINTR) and its handler runs; afterwards the old
// mask (SIGUSR1 blocked) is back.  Without the signal, the call times out.
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include "guest.h"

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

static void check_blocked(const char *after)
{
	sigset_t cur;

	CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR1), "SIGUSR1 not blocked again after %s", after);
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct timespec ts = { 0, 50000000 };
	sigset_t block, during;
	struct pollfd pfd;
	fd_set rd;
	int p[2];

	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &block, NULL));
	sigemptyset(&during);
	CHECK_OK(pipe(p));
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };

	CHECK(CHECK_OK(ppoll(&pfd, 1, &ts, &during)) == 0, "ppoll: no timeout");
	CHECK(!handled, "handler ran with nothing sent");

	CHECK_OK(raise(SIGUSR1));
	CHECK(!handled, "SIGUSR1 was not blocked");
	CHECK_ERR(ppoll(&pfd, 1, NULL, &during), EINTR);
	CHECK(handled == 1, "ppoll: the handler ran %d times, want 1", handled);
	check_blocked("ppoll");

	CHECK_OK(raise(SIGUSR1));
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	CHECK_ERR(pselect(p[0] + 1, &rd, NULL, NULL, NULL, &during), EINTR);
	CHECK(handled == 2, "pselect: the handler ran %d times, want 2", handled);
	check_blocked("pselect");
	return 0;
}
