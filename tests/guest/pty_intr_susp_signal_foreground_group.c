// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ISIG on a pty: a child starts a session, opens the slave (which becomes
 * its controlling terminal: TIOCGSID, TIOCGPGRP, tcgetsid) and reads it.
 * ^C typed on the master kills it with SIGINT, ^\ with SIGQUIT (its
 * handler sees it), ^Z stops a job it put in the foreground with SIGTSTP;
 * the echo shows ^C, what was waiting in the output flushed with the
 * input.
 */
#include "guest.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

static int master;
static volatile sig_atomic_t got_quit;

static void on_quit(int sig)
{
	(void)sig;
	got_quit = sig;
}

/* The child: a session with the slave as its terminal; reports on fd 1. */
static void child(const char *name, int mode)
{
	char buf[64];
	pid_t sid;
	int s;

	close(master);
	/* a shell's background job may have come with them ignored */
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	if (setsid() < 0)
		_exit(10);
	s = open(name, O_RDWR);
	if (s < 0)
		_exit(11);
	if (ioctl(s, TIOCGSID, &sid) < 0 || sid != getpid())
		_exit(12);
	if (tcgetpgrp(s) != getpid() || tcgetsid(s) != getpid())
		_exit(13);
	if (mode == 1) {
		signal(SIGQUIT, on_quit);
		if (write(s, "R", 1) != 1)
			_exit(14);
		/* the handler runs, the read restarts (SA_RESTART) */
		ssize_t n = read(s, buf, sizeof(buf));

		_exit(got_quit == SIGQUIT && n == 3 && !memcmp(buf, "ok\n", 3) ? 0 : 15);
	}
	if (mode == 2) {
		/* ^Z: the reader is a job of the leader (a stop signal to an
		 * orphaned group, like the leader's own, is dropped) */
		int status;
		pid_t job = fork();

		if (job == 0) {
			setpgid(0, 0);
			while (tcgetpgrp(s) != getpid())
				usleep(1000);
			if (write(s, "R", 1) != 1)
				_exit(14);
			read(s, buf, sizeof(buf));
			_exit(16);
		}
		setpgid(job, job);
		if (tcsetpgrp(s, job) < 0)
			_exit(17);
		if (waitpid(job, &status, WUNTRACED) != job)
			_exit(18);
		kill(job, SIGKILL);
		_exit(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTSTP ? 0 : 19);
	}
	if (write(s, "R", 1) != 1)
		_exit(14);
	read(s, buf, sizeof(buf));
	_exit(16);
}

/* Wait for the child's "R" (and anything before it) on the master. */
static void wait_ready(void)
{
	char c = 0;

	while (c != 'R')
		CHECK(read(master, &c, 1) == 1, "master read");
	usleep(50000);	/* the child is now (very likely) in its read */
}

static pid_t start(int mode)
{
	pid_t pid = CHECK_OK(fork());

	if (pid == 0)
		child(ptsname(master), mode);
	wait_ready();
	return pid;
}

int main(void)
{
	char buf[64];
	int status;
	pid_t pid;
	ssize_t n;

	master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_OK(grantpt(master));
	CHECK_OK(unlockpt(master));
	/* a slave fd kept open: the master never sees all slaves closed */
	CHECK_OK(open(ptsname(master), O_RDWR | O_NOCTTY));

	/* ^C: SIGINT, the partial line flushed, "^C" echoed */
	pid = start(0);
	CHECK(write(master, "abc\003", 4) == 4, "type ^C");
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT, "status %#x", status);
	n = read(master, buf, sizeof(buf) - 1);
	CHECK(n > 0, "echo");
	buf[n] = 0;
	CHECK(!strcmp(buf, "^C"), "echo %s (the echo of abc is flushed)", buf);

	/* ^\: a handler, and the read goes on afterwards */
	pid = start(1);
	CHECK(write(master, "\034", 1) == 1, "type ^\\");
	usleep(50000);
	CHECK(write(master, "ok\n", 3) == 3, "type a line");
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "quit child status %#x", status);

	/* ^Z: the foreground job stopped by SIGTSTP */
	pid = start(2);
	CHECK(write(master, "\032", 1) == 1, "type ^Z");
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "^Z child status %#x", status);
	return 0;
}
