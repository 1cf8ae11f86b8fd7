// SPDX-License-Identifier: GPL-2.0-or-later
// select(2) on a pipe: the write end is writable at once, the read end
// readable once data is there and at EOF; a timeout of 150 ms that
// expires leaves the sets empty and the timeval at zero; a wait ended by
// data early leaves the time not slept in the timeval (Linux updates it);
// an fd that is not open is EBADF; a negative nfds is EINVAL.
#include <sys/select.h>
#include <sys/wait.h>
#include "guest.h"

int main(void)
{
	struct timeval tv;
	fd_set rd, wr;
	int p[2], n;
	char c;

	CHECK_OK(pipe(p));
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	tv = (struct timeval){ 0, 0 };
	n = CHECK_OK(select(p[1] + 1, &rd, &wr, NULL, &tv));
	CHECK(n == 1 && !FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr),
	      "empty pipe: n %d", n);

	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 0, 150000 };
	n = CHECK_OK(select(p[0] + 1, &rd, NULL, NULL, &tv));
	CHECK(n == 0 && !FD_ISSET(p[0], &rd), "timeout: n %d", n);
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "timeout: timeval %ld.%06ld left",
	      (long)tv.tv_sec, (long)tv.tv_usec);

	pid_t pid = CHECK_OK(fork());
	if (!pid) {
		usleep(100000);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 1);
	}
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 10, 0 };
	n = CHECK_OK(select(p[0] + 1, &rd, NULL, NULL, &tv));
	CHECK(n == 1 && FD_ISSET(p[0], &rd), "data from a child: n %d", n);
	CHECK(tv.tv_sec >= 8 && tv.tv_sec <= 9, "timeval not updated: %ld.%06ld left",
	      (long)tv.tv_sec, (long)tv.tv_usec);
	CHECK_OK(read(p[0], &c, 1));
	CHECK_OK(waitpid(pid, NULL, 0));

	CHECK_OK(close(p[1]));
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	n = CHECK_OK(select(p[0] + 1, &rd, NULL, NULL, NULL));
	CHECK(n == 1 && FD_ISSET(p[0], &rd), "EOF is not readable");

	FD_ZERO(&rd);
	FD_SET(p[1], &rd);	/* closed */
	CHECK_ERR(select(p[1] + 1, &rd, NULL, NULL, NULL), EBADF);
	CHECK_ERR(select(-1, NULL, NULL, NULL, NULL), EINVAL);
	return 0;
}
