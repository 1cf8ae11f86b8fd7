// SPDX-License-Identifier: GPL-2.0-or-later
// eventfd: writes add to the counter, a read returns it and zeroes it; an
// EFD_SEMAPHORE read returns 1 and takes 1 off; an empty non-blocking
// eventfd reads EAGAIN; reads and writes of less than 8 bytes and a write
// of 2^64-1 are EINVAL; a counter at its maximum makes a non-blocking
// write EAGAIN; poll shows readable when not zero; a blocked read wakes
// when a child writes.
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include "guest.h"

int main(void)
{
	struct pollfd pfd;
	uint64_t v;
	int e, s;

	e = CHECK_OK(eventfd(5, EFD_NONBLOCK | EFD_CLOEXEC));
	v = 3;
	CHECK(CHECK_OK(write(e, &v, 8)) == 8, "short write");
	CHECK(CHECK_OK(read(e, &v, 8)) == 8 && v == 8, "counter %llu, want 8",
	      (unsigned long long)v);
	CHECK_ERR(read(e, &v, 8), EAGAIN);
	CHECK_ERR(read(e, &v, 4), EINVAL);
	CHECK_ERR(write(e, &v, 4), EINVAL);
	v = ~0ULL;
	CHECK_ERR(write(e, &v, 8), EINVAL);
	v = 0xfffffffffffffffeULL;
	CHECK_OK(write(e, &v, 8));
	v = 1;
	CHECK_ERR(write(e, &v, 8), EAGAIN);
	pfd = (struct pollfd){ .fd = e, .events = POLLIN | POLLOUT };
	CHECK(CHECK_OK(poll(&pfd, 1, 0)) == 1 && pfd.revents == POLLIN,
	      "full counter: revents %#x, want POLLIN", pfd.revents);
	CHECK_OK(read(e, &v, 8));
	pfd.revents = 0;
	CHECK(CHECK_OK(poll(&pfd, 1, 0)) == 1 && pfd.revents == POLLOUT,
	      "empty counter: revents %#x, want POLLOUT", pfd.revents);
	close(e);

	s = CHECK_OK(eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK));
	CHECK(CHECK_OK(read(s, &v, 8)) == 8 && v == 1, "semaphore read %llu",
	      (unsigned long long)v);
	CHECK(CHECK_OK(read(s, &v, 8)) == 8 && v == 1, "semaphore read %llu",
	      (unsigned long long)v);
	CHECK_ERR(read(s, &v, 8), EAGAIN);
	close(s);

	e = CHECK_OK(eventfd(0, 0));
	pid_t pid = CHECK_OK(fork());
	if (!pid) {
		uint64_t one = 42;

		usleep(50000);
		_exit(write(e, &one, 8) == 8 ? 0 : 1);
	}
	CHECK(CHECK_OK(read(e, &v, 8)) == 8 && v == 42, "blocking read got %llu",
	      (unsigned long long)v);
	CHECK_OK(waitpid(pid, NULL, 0));
	CHECK_ERR(eventfd(0, 0x10), EINVAL);
	return 0;
}
