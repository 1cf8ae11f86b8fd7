// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Hangup: when the last master file of a pty is closed, the session
 * leader whose controlling terminal is the slave gets SIGHUP, its blocked
 * read of the slave gives EIO (a read after that 0, as Linux's hung-up
 * file), a write gives EIO, and /dev/pts/N is gone.
 */
#include "guest.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>

static volatile sig_atomic_t hup;

static void on_hup(int sig)
{
	(void)sig;
	hup++;
}

int main(void)
{
	int master, c2p[2], status;
	struct stat st;
	char c, *name;
	pid_t pid;

	master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_OK(grantpt(master));
	CHECK_OK(unlockpt(master));
	name = strdup(ptsname(master));
	CHECK_OK(pipe(c2p));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_hup, .sa_flags = SA_RESTART };
		char buf[16];
		ssize_t n;
		int s;

		close(master);
		sigaction(SIGHUP, &sa, NULL);
		if (setsid() < 0 || (s = open(name, O_RDWR)) < 0)
			_exit(10);
		write(c2p[1], "r", 1);
		n = read(s, buf, sizeof(buf));
		/* the read that was waiting: EIO; later ones: 0 */
		if (n != -1 || errno != EIO)
			_exit(11);
		if (read(s, buf, sizeof(buf)) != 0)
			_exit(14);
		if (!hup)
			_exit(12);
		if (write(s, "x", 1) != -1 || errno != EIO)
			_exit(13);
		_exit(0);
	}
	CHECK(read(c2p[0], &c, 1) == 1, "child ready");
	usleep(50000);
	CHECK_OK(stat(name, &st));
	CHECK_OK(close(master));
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	CHECK_ERR(stat(name, &st), ENOENT);
	return 0;
}
