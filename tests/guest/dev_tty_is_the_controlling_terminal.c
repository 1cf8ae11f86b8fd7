// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /dev/tty and controlling terminals: a new session has none (/dev/tty:
 * ENXIO); a session leader opening a pty slave without O_NOCTTY gets it
 * (O_NOCTTY: not), and /dev/tty then writes to it; /proc/self/stat shows
 * it (tty_nr: 136:N, tpgid: the foreground group); /dev/pts lists it.
 */
#include "guest.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>

static int check(const char *name, int n)
{
	char buf[1024], *p;
	unsigned long tty_nr;
	long tpgid;
	FILE *f;
	int s, t;

	if (setsid() < 0)
		return 10;
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return 11;
	s = open(name, O_RDWR | O_NOCTTY);
	if (s < 0 || open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return 12;
	close(s);
	s = open(name, O_RDWR);
	if (s < 0)
		return 13;
	t = open("/dev/tty", O_RDWR);
	if (t < 0 || !isatty(t))
		return 14;
	if (write(t, "via-dev-tty", 11) != 11)
		return 15;
	f = fopen("/proc/self/stat", "r");
	if (!f || !fgets(buf, sizeof(buf), f))
		return 16;
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %lu %ld", &tty_nr, &tpgid) != 2)
		return 17;
	if (major(tty_nr) != 136 || minor(tty_nr) != (unsigned)n)
		return 18;
	if (tpgid != getpgrp())
		return 19;
	return 0;
}

int main(void)
{
	char *name, buf[64], want[16];
	struct dirent *de;
	int master, status, n = 0, found = 0;
	ssize_t got = 0, r;
	pid_t pid;
	DIR *d;

	master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_OK(grantpt(master));
	CHECK_OK(unlockpt(master));
	CHECK_OK(ioctl(master, TIOCGPTN, &n));
	name = strdup(ptsname(master));
	snprintf(want, sizeof(want), "%d", n);
	d = opendir("/dev/pts");
	CHECK(d, "opendir /dev/pts");
	while ((de = readdir(d)))
		found |= !strcmp(de->d_name, want);
	closedir(d);
	CHECK(found, "/dev/pts has no %s", want);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		close(master);
		_exit(check(name, n));
	}
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %d", WEXITSTATUS(status));
	while (got < 11 && (r = read(master, buf + got, sizeof(buf) - got)) > 0)
		got += r;
	CHECK(got == 11 && !memcmp(buf, "via-dev-tty", 11), "master read %zd", got);
	return 0;
}
