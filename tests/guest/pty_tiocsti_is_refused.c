// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * TIOCSTI (pushing bytes into a terminal's input) is refused with EPERM,
 * even for root, as on Linux with dev.tty.legacy_tiocsti=0.
 */
// umk-only: the host may allow TIOCSTI to root (dev.tty.legacy_tiocsti=1)
#include "guest.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>

int main(void)
{
	char c = 'x';
	int master, slave;

	master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_OK(grantpt(master));
	CHECK_OK(unlockpt(master));
	slave = CHECK_OK(open(ptsname(master), O_RDWR | O_NOCTTY));
	CHECK_ERR(ioctl(slave, TIOCSTI, &c), EPERM);
	CHECK_ERR(ioctl(master, TIOCSTI, &c), EPERM);
	return 0;
}
