// SPDX-License-Identifier: GPL-2.0-or-later
// signalfd: a blocked SIGUSR1 sent with kill() is read from the signalfd
// as a signalfd_siginfo (signo, SI_USER, the sender's pid) and is no
// longer pending; a sigqueue() value comes through in ssi_int; poll shows
// the fd readable only while a signal in its mask is pending; an empty
// non-blocking signalfd reads EAGAIN; a blocked read wakes when a child
// sends the signal; the mask can be changed through the same fd.
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <fcntl.h>
#include <sys/wait.h>
#include "guest.h"

int main(void)
{
	struct signalfd_siginfo si;
	struct pollfd pfd;
	sigset_t mask, pend;
	int fd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGRTMIN);
	CHECK_OK(sigprocmask(SIG_BLOCK, &mask, NULL));
	fd = CHECK_OK(signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC));
	CHECK_ERR(read(fd, &si, sizeof(si)), EAGAIN);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	CHECK(CHECK_OK(poll(&pfd, 1, 0)) == 0, "readable with nothing pending");

	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK(CHECK_OK(poll(&pfd, 1, 0)) == 1 && pfd.revents == POLLIN,
	      "not readable with SIGUSR1 pending");
	CHECK_ERR(read(fd, &si, sizeof(si) - 1), EINVAL);
	CHECK(CHECK_OK(read(fd, &si, sizeof(si))) == sizeof(si), "short read");
	CHECK(si.ssi_signo == SIGUSR1 && si.ssi_code == SI_USER &&
	      si.ssi_pid == (unsigned)getpid(), "signo %u code %d pid %u",
	      si.ssi_signo, si.ssi_code, si.ssi_pid);
	CHECK_OK(sigpending(&pend));
	CHECK(!sigismember(&pend, SIGUSR1), "SIGUSR1 still pending after the read");

	CHECK_OK(sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 1234 }));
	CHECK(CHECK_OK(read(fd, &si, sizeof(si))) == sizeof(si), "short read");
	CHECK(si.ssi_signo == (unsigned)SIGRTMIN && si.ssi_code == SI_QUEUE &&
	      si.ssi_int == 1234, "sigqueue: signo %u code %d int %d", si.ssi_signo,
	      si.ssi_code, si.ssi_int);

	/* blocking read, woken by a child's kill */
	sigdelset(&mask, SIGRTMIN);
	CHECK(CHECK_OK(signalfd(fd, &mask, 0)) == fd, "changing the mask");
	CHECK_OK(fcntl(fd, F_SETFL, 0));
	pid_t parent = getpid(), pid = CHECK_OK(fork());
	if (!pid) {
		usleep(50000);
		_exit(kill(parent, SIGUSR1) ? 1 : 0);
	}
	CHECK(CHECK_OK(read(fd, &si, sizeof(si))) == sizeof(si) &&
	      si.ssi_signo == SIGUSR1 && si.ssi_pid == (unsigned)pid,
	      "blocking read: signo %u pid %u", si.ssi_signo, si.ssi_pid);
	CHECK_OK(waitpid(pid, NULL, 0));
	CHECK_ERR(signalfd(0, &mask, 0), EINVAL);
	return 0;
}
