// SPDX-License-Identifier: GPL-2.0-or-later
// splice(2) moves data file -> pipe (at most what the pipe has room for),
// pipe -> file (at an offset or the file position) and pipe -> pipe; tee(2)
// copies a pipe's data into another without consuming it.  Errors: no pipe
// (EINVAL), an offset on a pipe (ESPIPE), the same pipe (EINVAL), a bad fd
// or wrong access mode (EBADF), unknown flags (EINVAL), O_APPEND output
// (EINVAL), SPLICE_F_NONBLOCK on an empty pipe (EAGAIN); a failed write
// (a sealed memfd: EPERM) leaves the pipe's data where it was.
#include <fcntl.h>
#include <sys/mman.h>
#include "guest.h"

#define BIG (200 * 1024)

int main(void)
{
	static char data[BIG], back[BIG];
	char path[256], buf[64];
	int p[2], q[2], fd, out;
	loff_t off;
	ssize_t n;

	for (int i = 0; i < BIG; i++)
		data[i] = (char)(i * 7 + i / 251);
	fd = CHECK_OK(open(guest_path(path, sizeof(path), "src"),
			   O_RDWR | O_CREAT | O_TRUNC, 0600));
	CHECK(CHECK_OK(write(fd, data, BIG)) == BIG, "short write");
	CHECK_OK(unlink(path));
	CHECK_OK(pipe(p));
	CHECK_OK(pipe(q));

	/* file -> pipe at an offset: at most the pipe's room, file position kept */
	off = 1000;
	n = CHECK_OK(splice(fd, &off, p[1], NULL, BIG, 0));
	CHECK(n > 0 && n <= 65536 && off == 1000 + n, "splice to pipe: %zd, off %ld",
	      n, (long)off);
	CHECK(lseek(fd, 0, SEEK_CUR) == BIG, "file position moved");
	CHECK(CHECK_OK(read(p[0], back, BIG)) == n && !memcmp(back, data + 1000, n),
	      "pipe data differs");

	/* pipe -> file at an offset, and at the file position */
	out = CHECK_OK(open(guest_path(path, sizeof(path), "dst"),
			    O_RDWR | O_CREAT | O_TRUNC, 0600));
	CHECK_OK(write(p[1], "hello", 5));
	off = 10;
	CHECK(CHECK_OK(splice(p[0], NULL, out, &off, 100, SPLICE_F_MOVE)) == 5 &&
	      off == 15, "splice to file at offset");
	CHECK_OK(write(p[1], "world", 5));
	CHECK(CHECK_OK(splice(p[0], NULL, out, NULL, 3, SPLICE_F_MORE)) == 3,
	      "splice of 3");
	CHECK(lseek(out, 0, SEEK_CUR) == 3, "file position not advanced");
	CHECK(CHECK_OK(pread(out, buf, sizeof(buf), 0)) == 15 &&
	      !memcmp(buf, "wor", 3) && !memcmp(buf + 10, "hello", 5),
	      "file contents after splice");

	/* pipe -> pipe, then tee */
	CHECK(CHECK_OK(splice(p[0], NULL, q[1], NULL, 100, 0)) == 2, "pipe to pipe");
	CHECK(CHECK_OK(tee(q[0], p[1], 100, 0)) == 2, "tee");
	CHECK(CHECK_OK(read(q[0], buf, sizeof(buf))) == 2 && !memcmp(buf, "ld", 2),
	      "tee consumed its input");
	CHECK(CHECK_OK(read(p[0], buf, sizeof(buf))) == 2 && !memcmp(buf, "ld", 2),
	      "tee output");

	/* empty pipes */
	CHECK_ERR(splice(p[0], NULL, out, NULL, 10, SPLICE_F_NONBLOCK), EAGAIN);
	CHECK_ERR(tee(p[0], q[1], 10, SPLICE_F_NONBLOCK), EAGAIN);
	CHECK(splice(p[0], NULL, out, NULL, 0, 0) == 0, "len 0");
	/* a pipe end's O_NONBLOCK is as good as SPLICE_F_NONBLOCK */
	CHECK_OK(fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK_ERR(splice(p[0], NULL, out, NULL, 10, 0), EAGAIN);
	CHECK_OK(fcntl(p[0], F_SETFL, 0));
	int r[2];
	CHECK_OK(pipe2(r, O_NONBLOCK));
	CHECK_OK(fcntl(r[1], F_SETPIPE_SZ, 4096));
	CHECK(CHECK_OK(splice(fd, &(loff_t){ 0 }, r[1], NULL, BIG, 0)) == 4096,
	      "splice to a small pipe");
	CHECK_ERR(splice(fd, &(loff_t){ 0 }, r[1], NULL, BIG, 0), EAGAIN);
	close(r[0]);
	close(r[1]);

	/* errors */
	CHECK_ERR(splice(fd, NULL, out, NULL, 10, 0), EINVAL);
	off = 0;
	CHECK_ERR(splice(p[0], &off, out, NULL, 10, 0), ESPIPE);
	CHECK_ERR(splice(fd, NULL, p[1], &off, 10, 0), ESPIPE);
	CHECK_ERR(splice(p[0], NULL, p[1], NULL, 10, 0), EINVAL);
	CHECK_ERR(splice(99, NULL, p[1], NULL, 10, 0), EBADF);
	CHECK_ERR(splice(p[1], NULL, out, NULL, 10, 0), EBADF);
	CHECK_ERR(splice(fd, NULL, p[1], NULL, 10, 0x100), EINVAL);
	off = -1;
	CHECK_ERR(splice(fd, &off, p[1], NULL, 10, 0), EINVAL);
	int app = CHECK_OK(open(path, O_WRONLY | O_APPEND));
	CHECK_OK(write(p[1], "x", 1));
	CHECK_ERR(splice(p[0], NULL, app, NULL, 10, 0), EINVAL);
	close(app);
	CHECK_ERR(tee(fd, p[1], 10, 0), EINVAL);
	CHECK_ERR(tee(p[0], p[1], 10, 0), EINVAL);
	CHECK_ERR(tee(p[0], q[1], 10, 0x100), EINVAL);

	/* a write that fails takes nothing out of the pipe */
	int m = CHECK_OK(memfd_create("sealed", MFD_ALLOW_SEALING));
	CHECK_OK(fcntl(m, F_ADD_SEALS, F_SEAL_WRITE));
	CHECK_ERR(splice(p[0], NULL, m, NULL, 10, 0), EPERM);
	CHECK(CHECK_OK(read(p[0], buf, sizeof(buf))) == 1 && buf[0] == 'x',
	      "a failed splice lost the pipe's data");
	CHECK_OK(write(p[1], "x", 1));
	close(m);

	/* no writer left: the end of the data */
	CHECK(CHECK_OK(read(p[0], buf, 1)) == 1, "drain");
	close(p[1]);
	CHECK(CHECK_OK(splice(p[0], NULL, out, NULL, 10, 0)) == 0, "EOF not 0");
	CHECK(CHECK_OK(tee(p[0], q[1], 10, 0)) == 0, "tee at EOF not 0");
	CHECK_OK(unlink(path));
	return 0;
}
