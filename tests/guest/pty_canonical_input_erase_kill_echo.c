// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A pty in its default (canonical) mode: what the master types reaches a
 * slave read line by line, after ICRNL, VERASE and VKILL; the master reads
 * the echo (ECHOE's "\b \b", ECHOCTL's ^X) and the slave's output after
 * ONLCR; VEOF on an empty line reads as the end of the file.
 */
#include "guest.h"
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>

static int master, slave;

/* All the master can read now (waits a little for the first byte). */
static size_t drain(char *buf, size_t len)
{
	struct pollfd p = { .fd = master, .events = POLLIN };
	size_t n = 0;

	while (n < len && poll(&p, 1, n ? 50 : 1000) == 1 && (p.revents & POLLIN)) {
		ssize_t r = read(master, buf + n, len - n);

		if (r <= 0)
			break;
		n += r;
	}
	buf[n] = 0;
	return n;
}

static void type(const char *s)
{
	CHECK(write(master, s, strlen(s)) == (ssize_t)strlen(s), "write master");
}

int main(void)
{
	char buf[256];
	struct termios tio;
	ssize_t n;

	master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_OK(grantpt(master));
	CHECK_OK(unlockpt(master));
	CHECK(strncmp(ptsname(master), "/dev/pts/", 9) == 0, "ptsname %s", ptsname(master));
	slave = CHECK_OK(open(ptsname(master), O_RDWR | O_NOCTTY));
	CHECK(isatty(slave), "slave is a tty");
	CHECK_OK(tcgetattr(slave, &tio));
	CHECK((tio.c_lflag & (ICANON | ECHO)) == (ICANON | ECHO), "default lflag %o", tio.c_lflag);
	/* the defaults of other systems may differ: set what is tested */
	tio.c_lflag |= ECHOE | ECHOK | ECHOCTL;
	tio.c_lflag &= ~ECHOKE;
	tio.c_iflag |= ICRNL;
	tio.c_oflag |= OPOST | ONLCR;
	tio.c_cc[VERASE] = 0177;
	tio.c_cc[VKILL] = 025;
	tio.c_cc[VEOF] = 004;
	CHECK_OK(tcsetattr(slave, TCSANOW, &tio));

	/* an erased character, a carriage return made a newline */
	type("abx\177c\r");
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 4 && !memcmp(buf, "abc\n", 4), "read %zd '%.*s'", n, (int)n, buf);
	drain(buf, sizeof(buf) - 1);
	CHECK(!strcmp(buf, "abx\b \bc\r\n"), "echo '%s'", buf);

	/* a killed line: the kill character echoed as ^U, then a newline */
	type("junk\025ok\n");
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "ok\n", 3), "read %zd '%.*s'", n, (int)n, buf);
	drain(buf, sizeof(buf) - 1);
	CHECK(!strcmp(buf, "junk^U\r\nok\r\n"), "kill echo %s", buf);

	/* a control character echoes as ^X; two lines are two reads */
	type("\001x\none\ntwo\n");
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "\001x\n", 3), "read %zd", n);
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 4 && !memcmp(buf, "one\n", 4), "second line %zd", n);
	n = read(slave, buf, 2);
	CHECK(n == 2 && !memcmp(buf, "tw", 2), "a short read %zd", n);
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 2 && !memcmp(buf, "o\n", 2), "rest of the line %zd", n);
	drain(buf, sizeof(buf) - 1);
	CHECK(!strcmp(buf, "^Ax\r\none\r\ntwo\r\n"), "ctl echo '%s'", buf);

	/* VEOF: ends a line without itself; alone, a read of 0 */
	type("end\004\004");
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 3 && !memcmp(buf, "end", 3), "eof-ended line %zd", n);
	n = read(slave, buf, sizeof(buf));
	CHECK(n == 0, "eof read %zd", n);
	drain(buf, sizeof(buf) - 1);
	CHECK(!strcmp(buf, "end"), "eof echo '%s'", buf);

	/* output: ONLCR, and without OPOST bytes as they are */
	CHECK(write(slave, "hi\n", 3) == 3, "write slave");
	drain(buf, sizeof(buf) - 1);
	CHECK(!strcmp(buf, "hi\r\n"), "onlcr '%s'", buf);
	tio.c_oflag &= ~OPOST;
	CHECK_OK(tcsetattr(slave, TCSANOW, &tio));
	CHECK(write(slave, "hi\n", 3) == 3, "write slave");
	drain(buf, sizeof(buf) - 1);
	CHECK(!strcmp(buf, "hi\n"), "raw output '%s'", buf);

	/* FIONREAD counts a whole line */
	type("xyz\n");
	int avail = 0;

	usleep(20000);
	CHECK_OK(ioctl(slave, FIONREAD, &avail));
	CHECK(avail == 4, "FIONREAD %d", avail);
	CHECK_OK(tcflush(slave, TCIFLUSH));
	CHECK_OK(ioctl(slave, FIONREAD, &avail));
	CHECK(avail == 0, "FIONREAD after flush %d", avail);
	return 0;
}
