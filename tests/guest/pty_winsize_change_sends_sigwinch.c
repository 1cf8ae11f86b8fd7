// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Window size on a pty: TIOCSWINSZ on the master is what TIOCGWINSZ on the
 * slave reads, and a change sends SIGWINCH to the foreground group of the
 * session the slave controls; setting the same size again sends nothing.
 */
#include "guest.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>

static volatile sig_atomic_t winch;

static void on_winch(int sig)
{
	(void)sig;
	winch++;
}

int main(void)
{
	struct winsize ws = { .ws_row = 42, .ws_col = 132 }, got;
	int master, p2c[2], c2p[2], status;
	char c, *name;
	pid_t pid;

	master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_OK(grantpt(master));
	CHECK_OK(unlockpt(master));
	name = strdup(ptsname(master));
	CHECK_OK(pipe(p2c));
	CHECK_OK(pipe(c2p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_winch, .sa_flags = SA_RESTART };
		int s;

		sigaction(SIGWINCH, &sa, NULL);
		if (setsid() < 0 || (s = open(name, O_RDWR)) < 0)
			_exit(10);
		write(c2p[1], "r", 1);
		/* the first change */
		if (read(p2c[0], &c, 1) != 1)
			_exit(11);
		if (winch != 1)
			_exit(12);
		if (ioctl(s, TIOCGWINSZ, &got) < 0 || got.ws_row != 42 || got.ws_col != 132)
			_exit(13);
		write(c2p[1], "r", 1);
		/* the same size again: no signal */
		if (read(p2c[0], &c, 1) != 1)
			_exit(14);
		_exit(winch == 1 ? 0 : 15);
	}
	close(c2p[1]);
	close(p2c[0]);
	CHECK(read(c2p[0], &c, 1) == 1, "child ready");
	CHECK_OK(ioctl(master, TIOCSWINSZ, &ws));
	CHECK_OK(ioctl(master, TIOCGWINSZ, &got));
	CHECK(got.ws_row == 42 && got.ws_col == 132, "master's size %dx%d", got.ws_row, got.ws_col);
	usleep(50000);
	CHECK(write(p2c[1], "g", 1) == 1, "go");
	CHECK(read(c2p[0], &c, 1) == 1, "child checked");
	CHECK_OK(ioctl(master, TIOCSWINSZ, &ws));
	usleep(50000);
	CHECK(write(p2c[1], "g", 1) == 1, "go");
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	return 0;
}
