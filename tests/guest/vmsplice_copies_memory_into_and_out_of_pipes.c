// SPDX-License-Identifier: GPL-2.0-or-later
// vmsplice(2) moves guest memory into a pipe from its write end and out of
// it at its read end; SPLICE_F_NONBLOCK gives EAGAIN on a full (or empty)
// pipe and moves only what fits; EBADF for an fd that is not a pipe,
// EINVAL for unknown flags.
#include <fcntl.h>
#include <sys/uio.h>
#include "guest.h"

int main(void)
{
	char a[] = "hello, ", b[] = "pipe", out[64] = { 0 };
	struct iovec in[2] = { { a, 7 }, { b, 4 } }, back = { out, sizeof(out) };
	static char big[1 << 20];
	struct iovec bigv = { big, sizeof(big) };
	int p[2], fd;
	long n;

	CHECK_OK(pipe(p));
	CHECK(vmsplice(p[1], in, 2, 0) == 11, "vmsplice in: %s", strerror(errno));
	CHECK(vmsplice(p[0], &back, 1, 0) == 11, "vmsplice out: %s", strerror(errno));
	CHECK(!strcmp(out, "hello, pipe"), "read back '%s'", out);

	/* non-blocking: an empty pipe, then a full one */
	CHECK_ERR(vmsplice(p[0], &back, 1, SPLICE_F_NONBLOCK), EAGAIN);
	n = vmsplice(p[1], &bigv, 1, SPLICE_F_NONBLOCK);
	CHECK(n > 0 && n < (long)sizeof(big), "a 1 MiB non-blocking vmsplice moved %ld", n);
	CHECK_ERR(vmsplice(p[1], &bigv, 1, SPLICE_F_NONBLOCK), EAGAIN);

	CHECK_ERR(vmsplice(p[1], in, 2, 0x100), EINVAL);
	fd = CHECK_OK(open("/dev/null", O_WRONLY));
	CHECK_ERR(vmsplice(fd, in, 2, 0), EBADF);
	CHECK_ERR(vmsplice(99, in, 2, 0), EBADF);
	close(fd);
	close(p[0]);
	close(p[1]);
	return 0;
}
