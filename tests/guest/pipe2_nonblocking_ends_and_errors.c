// SPDX-License-Identifier: GPL-2.0-or-later
// pipe2(O_NONBLOCK): an empty pipe reads EAGAIN, a full one (64 KiB)
// writes EAGAIN, FIONREAD counts unread bytes, lseek and pread are ESPIPE,
// the ends are a FIFO; with the write end closed a read gives 0, with the
// read end closed a write gives EPIPE (SIGPIPE ignored); bad flags EINVAL.
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include "guest.h"

int main(void)
{
	static char buf[100000];
	struct stat st;
	int p[2], n;

	signal(SIGPIPE, SIG_IGN);
	CHECK_OK(pipe2(p, O_NONBLOCK));
	CHECK_ERR(read(p[0], buf, 10), EAGAIN);
	CHECK(CHECK_OK(write(p[1], "hello", 5)) == 5, "short write");
	CHECK_OK(ioctl(p[0], FIONREAD, &n));
	CHECK(n == 5, "FIONREAD %d, want 5", n);
	CHECK(CHECK_OK(read(p[0], buf, sizeof(buf))) == 5 && !memcmp(buf, "hello", 5),
	      "read back something else");
	memset(buf, 'x', sizeof(buf));
	CHECK(CHECK_OK(write(p[1], buf, sizeof(buf))) == 65536,
	      "a non-blocking write of 100000 bytes should fill 65536");
	CHECK_ERR(write(p[1], buf, 1), EAGAIN);
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE);
	CHECK_OK(fstat(p[1], &st));
	CHECK(S_ISFIFO(st.st_mode), "a pipe end is not a FIFO");
	CHECK((CHECK_OK(fcntl(p[0], F_GETFL)) & (O_ACCMODE | O_NONBLOCK)) ==
	      (O_RDONLY | O_NONBLOCK), "F_GETFL of the read end");
	CHECK(CHECK_OK(read(p[0], buf, sizeof(buf))) == 65536, "reading it all back");
	close(p[1]);
	CHECK(CHECK_OK(read(p[0], buf, sizeof(buf))) == 0, "no writer: no EOF");
	close(p[0]);

	CHECK_OK(pipe(p));
	close(p[0]);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	close(p[1]);
	CHECK_ERR(pipe2(p, 0x1), EINVAL);
	return 0;
}
