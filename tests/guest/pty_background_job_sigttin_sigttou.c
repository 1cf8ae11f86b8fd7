// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Job control on a pty: a session leader with the slave as its
 * controlling terminal starts background jobs (their own process groups).
 * A background read stops the job with SIGTTIN (-EIO when SIGTTIN is
 * ignored); a background write goes through until TOSTOP is set, then
 * stops it with SIGTTOU (unless SIGTTOU is ignored); tcsetattr from the
 * background stops it with SIGTTOU; with SIGTTOU ignored a job may take
 * the terminal (tcsetpgrp), as shells do.
 */
#include "guest.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

static int s;

/* Run fn in a background job; its wait status (a stopped job is killed). */
static int job(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		_exit(90);
	if (pid == 0) {
		setpgid(0, 0);
		_exit(fn());
	}
	setpgid(pid, pid);
	if (waitpid(pid, &status, WUNTRACED) != pid)
		_exit(91);
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return status;
}

static int do_read(void)
{
	char c;

	return read(s, &c, 1) < 0 && errno == EIO ? 3 : 4;
}

static int do_write(void)
{
	return write(s, "w", 1) == 1 ? 0 : 5;
}

static int read_ignoring(void)
{
	signal(SIGTTIN, SIG_IGN);
	return do_read();
}

static int write_ignoring(void)
{
	signal(SIGTTOU, SIG_IGN);
	return do_write();
}

static int do_tcsetattr(void)
{
	struct termios tio;

	tcgetattr(s, &tio);
	return tcsetattr(s, TCSANOW, &tio) == 0 ? 0 : 6;
}

static int take_terminal(void)
{
	signal(SIGTTOU, SIG_IGN);
	if (tcsetpgrp(s, getpgrp()) < 0)
		return 7;
	return tcgetpgrp(s) == getpgrp() ? 0 : 8;
}

#define STOPPED_BY(st, sig) (WIFSTOPPED(st) && WSTOPSIG(st) == (sig))
#define EXITED(st, code) (WIFEXITED(st) && WEXITSTATUS(st) == (code))

static int leader(const char *name)
{
	struct termios tio;

	signal(SIGTTIN, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
	if (setsid() < 0)
		return 10;
	s = open(name, O_RDWR);
	if (s < 0 || tcgetpgrp(s) != getpid())
		return 11;
	if (!STOPPED_BY(job(do_read), SIGTTIN))
		return 12;
	if (!EXITED(job(read_ignoring), 3))
		return 13;
	if (!EXITED(job(do_write), 0))
		return 14;
	tcgetattr(s, &tio);
	tio.c_lflag |= TOSTOP;
	tcsetattr(s, TCSANOW, &tio);
	if (!STOPPED_BY(job(do_write), SIGTTOU))
		return 15;
	if (!EXITED(job(write_ignoring), 0))
		return 16;
	if (!STOPPED_BY(job(do_tcsetattr), SIGTTOU))
		return 17;
	if (!EXITED(job(take_terminal), 0))
		return 18;
	/* the job's group has gone: taking the terminal back */
	signal(SIGTTOU, SIG_IGN);
	if (tcsetpgrp(s, getpgrp()) < 0)
		return 19;
	return 0;
}

int main(void)
{
	int master, status;
	pid_t pid;

	master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_OK(grantpt(master));
	CHECK_OK(unlockpt(master));
	char *name = strdup(ptsname(master));

	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(master);
		_exit(leader(name));
	}
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "leader failed: %d (status %#x)",
	      WEXITSTATUS(status), status);
	return 0;
}
