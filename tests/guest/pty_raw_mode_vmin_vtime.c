// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A pty slave in raw mode (cfmakeraw): bytes arrive one by one with no
 * editing, echo or signals; VMIN=1 VTIME=0 waits for a byte and returns
 * what is there, VMIN=0 VTIME=0 returns at once (0 when nothing came),
 * VMIN=0 VTIME=1 waits a tenth of a second, VMIN=3 waits for 3 bytes
 * (and poll says readable only then).
 * Going back to canonical mode, ICRNL, INLCR, IGNCR and ISTRIP act on
 * input and OCRNL on output.
 */
#include "guest.h"
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct termios tio, raw;
	struct pollfd p;
	char buf[64];
	ssize_t n;
	double t0;
	int master, slave;

	master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_OK(grantpt(master));
	CHECK_OK(unlockpt(master));
	slave = CHECK_OK(open(ptsname(master), O_RDWR | O_NOCTTY));
	CHECK_OK(tcgetattr(slave, &tio));
	raw = tio;
	cfmakeraw(&raw);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	CHECK_OK(tcsetattr(slave, TCSANOW, &raw));

	/* no line needed, no editing, ^C is a byte */
	CHECK(write(master, "a\177\003\r", 4) == 4, "write");
	usleep(20000);
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 4 && !memcmp(buf, "a\177\003\r", 4), "raw read %zd", n);
	/* no echo */
	p = (struct pollfd){ .fd = master, .events = POLLIN };
	CHECK(poll(&p, 1, 50) == 0, "echo in raw mode");

	/* VMIN=0 VTIME=0: nothing there, a read of 0 at once */
	raw.c_cc[VMIN] = 0;
	CHECK_OK(tcsetattr(slave, TCSANOW, &raw));
	t0 = now();
	CHECK(read(slave, buf, sizeof(buf)) == 0, "VMIN=0 read");
	CHECK(now() - t0 < 0.05, "VMIN=0 VTIME=0 waited");

	/* VMIN=0 VTIME=1: a tenth of a second, then 0 */
	raw.c_cc[VTIME] = 1;
	CHECK_OK(tcsetattr(slave, TCSANOW, &raw));
	t0 = now();
	CHECK(read(slave, buf, sizeof(buf)) == 0, "VTIME read");
	CHECK(now() - t0 >= 0.08 && now() - t0 < 1.0, "VTIME waited %f", now() - t0);
	CHECK(write(master, "q", 1) == 1, "write");
	CHECK(read(slave, buf, sizeof(buf)) == 1 && buf[0] == 'q', "VTIME read a byte");

	/* VMIN=3 VTIME=0: three bytes */
	raw.c_cc[VMIN] = 3;
	raw.c_cc[VTIME] = 0;
	CHECK_OK(tcsetattr(slave, TCSANOW, &raw));
	CHECK(write(master, "xy", 2) == 2, "write");
	p = (struct pollfd){ .fd = slave, .events = POLLIN };
	CHECK(poll(&p, 1, 50) == 0, "poll with 2 of VMIN=3 bytes");
	CHECK(write(master, "z", 1) == 1, "write");
	CHECK(poll(&p, 1, 1000) == 1, "poll with 3 bytes");
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "xyz", 3), "VMIN=3 read %zd", n);

	/* O_NONBLOCK: EAGAIN, but 0 for VMIN=0 VTIME=0 */
	int fl = fcntl(slave, F_GETFL);

	CHECK_OK(fcntl(slave, F_SETFL, fl | O_NONBLOCK));
	CHECK_ERR(read(slave, buf, sizeof(buf)), EAGAIN);
	raw.c_cc[VMIN] = 0;
	CHECK_OK(tcsetattr(slave, TCSANOW, &raw));
	CHECK(read(slave, buf, sizeof(buf)) == 0, "VMIN=0 VTIME=0 O_NONBLOCK read");
	CHECK_OK(fcntl(slave, F_SETFL, fl));

	/* input flags, canonical again, no echo */
	tio.c_lflag &= ~ECHO;
	tio.c_iflag = ISTRIP | IGNCR;
	CHECK_OK(tcsetattr(slave, TCSANOW, &tio));
	CHECK(write(master, "a\xe2\r\n", 4) == 4, "write");
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "ab\n", 3), "ISTRIP IGNCR read %zd", n);
	tio.c_iflag = INLCR | ICRNL;
	CHECK_OK(tcsetattr(slave, TCSANOW, &tio));
	CHECK(write(master, "x\n\r", 3) == 3, "write");
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "x\r\n", 3), "INLCR ICRNL read %zd", n);

	/* OCRNL */
	tio.c_oflag = OPOST | OCRNL;
	CHECK_OK(tcsetattr(slave, TCSANOW, &tio));
	CHECK(write(slave, "a\rb", 3) == 3, "write slave");
	usleep(20000);
	n = read(master, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "a\nb", 3), "OCRNL %zd", n);
	return 0;
}
