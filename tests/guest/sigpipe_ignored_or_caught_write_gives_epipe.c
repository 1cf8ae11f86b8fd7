// SPDX-License-Identifier: GPL-2.0-or-later
// Writing to a pipe with no reader: with SIGPIPE ignored the write fails
// with EPIPE; with a handler, the handler runs once (SI_USER, from the
// writer itself) and the write fails with EPIPE; with SIGPIPE blocked it
// stays pending.
#include <signal.h>
#include "guest.h"

static volatile sig_atomic_t got, code, pid;

static void on_pipe(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	got++;
	code = si->si_code;
	pid = si->si_pid;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_pipe, .sa_flags = SA_SIGINFO };
	sigset_t mask, pend;
	int p[2];

	CHECK_OK(pipe(p));
	CHECK_OK(close(p[0]));
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);

	CHECK_OK(sigaction(SIGPIPE, &sa, NULL));
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK(got == 1 && code == SI_USER && pid == getpid(),
	      "handler: %d times, code %d, pid %d", (int)got, (int)code, (int)pid);

	sigemptyset(&mask);
	sigaddset(&mask, SIGPIPE);
	CHECK_OK(sigprocmask(SIG_BLOCK, &mask, NULL));
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK_OK(sigpending(&pend));
	CHECK(sigismember(&pend, SIGPIPE) && got == 1, "blocked SIGPIPE not pending");
	return 0;
}
