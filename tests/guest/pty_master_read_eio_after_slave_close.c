// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The other direction: once every slave file of a pty is closed, the
 * master reads what the slave wrote before, then EIO; poll says POLLHUP.
 * Before any slave was opened, a non-blocking master read is EAGAIN.  A
 * locked slave (no unlockpt yet) cannot be opened: EIO.
 */
#include "guest.h"
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
	struct pollfd p;
	char buf[16];
	int master, slave, lock;

	master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK));
	CHECK_OK(ioctl(master, TIOCGPTLCK, &lock));
	CHECK(lock == 1, "a new pty is locked");
	CHECK_ERR(open(ptsname(master), O_RDWR | O_NOCTTY), EIO);
	CHECK_OK(unlockpt(master));
	CHECK_ERR(read(master, buf, sizeof(buf)), EAGAIN);
	slave = CHECK_OK(open(ptsname(master), O_RDWR | O_NOCTTY));
	CHECK(write(slave, "bye", 3) == 3, "slave write");
	CHECK_OK(close(slave));
	p = (struct pollfd){ .fd = master, .events = POLLIN };
	CHECK(poll(&p, 1, 1000) == 1 && (p.revents & POLLHUP), "revents %#x", p.revents);
	CHECK(read(master, buf, sizeof(buf)) == 3 && !memcmp(buf, "bye", 3), "the output first");
	CHECK_ERR(read(master, buf, sizeof(buf)), EIO);
	return 0;
}
