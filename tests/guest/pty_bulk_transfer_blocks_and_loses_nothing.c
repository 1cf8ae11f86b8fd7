// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Much more than a pty buffers, both ways, in raw mode: a child writes
 * 256 KiB to the slave while the parent reads the master, then reads 256
 * KiB from the slave that the parent writes to the master.  Full queues
 * make the writers wait; every byte arrives, in order.
 */
#include "guest.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <termios.h>

#define TOTAL (256 * 1024)

static unsigned char byte_at(size_t i)
{
	return (unsigned char)((i * 7 + i / 251) & 0x7f);
}

int main(void)
{
	static unsigned char buf[TOTAL];
	struct termios tio;
	int master, slave, status;
	size_t got = 0, i;
	pid_t pid;

	master = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
	CHECK_OK(grantpt(master));
	CHECK_OK(unlockpt(master));
	slave = CHECK_OK(open(ptsname(master), O_RDWR | O_NOCTTY));
	CHECK_OK(tcgetattr(slave, &tio));
	cfmakeraw(&tio);
	CHECK_OK(tcsetattr(slave, TCSANOW, &tio));
	for (i = 0; i < TOTAL; i++)
		buf[i] = byte_at(i);

	pid = CHECK_OK(fork());
	if (pid == 0) {
		size_t done = 0;

		close(master);
		while (done < TOTAL) {
			ssize_t n = write(slave, buf + done, TOTAL - done);

			if (n <= 0)
				_exit(10);
			done += n;
		}
		/* now the other way */
		memset(buf, 0, sizeof(buf));
		done = 0;
		while (done < TOTAL) {
			ssize_t n = read(slave, buf + done, TOTAL - done);

			if (n <= 0)
				_exit(11);
			done += n;
		}
		for (done = 0; done < TOTAL; done++)
			if (buf[done] != byte_at(done))
				_exit(12);
		_exit(0);
	}
	memset(buf, 0, sizeof(buf));
	while (got < TOTAL) {
		ssize_t n = read(master, buf + got, TOTAL - got);

		CHECK(n > 0, "master read at %zu: %zd", got, n);
		got += n;
	}
	for (i = 0; i < TOTAL; i++)
		CHECK(buf[i] == byte_at(i), "byte %zu from the slave differs", i);
	CHECK(write(master, buf, TOTAL) == TOTAL, "master write");
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	return 0;
}
