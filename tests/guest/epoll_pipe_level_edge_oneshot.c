// SPDX-License-Identifier: GPL-2.0-or-later
// epoll on a pipe: level-triggered reports the readable end on every call
// while data is there; EPOLLET once per arrival; EPOLLONESHOT once until
// EPOLL_CTL_MOD re-arms it; data comes back as given; POLLHUP when the
// writer goes; closing the fd of a file with no other reference removes
// it, while a dup keeps it watched; EEXIST, ENOENT, EPERM (regular file),
// EINVAL (itself, bad op); an epoll in an epoll reports readiness, and
// a loop is ELOOP; epoll_wait wakes when a child writes.
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include "guest.h"

static int wait1(int ep, struct epoll_event *ev, int ms)
{
	return CHECK_OK(epoll_wait(ep, ev, 1, ms));
}

int main(void)
{
	struct epoll_event ev, out;
	int ep, ep2, p[2], d, fd;
	char buf[8];

	ep = CHECK_OK(epoll_create1(EPOLL_CLOEXEC));
	CHECK((CHECK_OK(fcntl(ep, F_GETFD)) & FD_CLOEXEC), "EPOLL_CLOEXEC not set");
	CHECK_OK(pipe(p));
	ev = (struct epoll_event){ .events = EPOLLIN, .data.u64 = 0x1122334455667788ULL };
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev), ENOENT);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL), ENOENT);
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	CHECK_ERR(epoll_ctl(ep, 99, p[0], &ev), EINVAL);
	fd = CHECK_OK(open("/proc/self/exe", O_RDONLY));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev), EPERM);
	close(fd);

	/* level-triggered */
	CHECK(wait1(ep, &out, 0) == 0, "LT: ready while empty");
	CHECK_OK(write(p[1], "ab", 2));
	CHECK(wait1(ep, &out, 0) == 1 && out.events == EPOLLIN &&
	      out.data.u64 == 0x1122334455667788ULL, "LT: events %#x data %#llx",
	      out.events, (unsigned long long)out.data.u64);
	CHECK(wait1(ep, &out, 0) == 1, "LT: not reported again while data is there");
	CHECK_OK(read(p[0], buf, 2));
	CHECK(wait1(ep, &out, 0) == 0, "LT: reported after the pipe was drained");

	/* edge-triggered */
	ev.events = EPOLLIN | EPOLLET;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	CHECK_OK(write(p[1], "a", 1));
	CHECK(wait1(ep, &out, 0) == 1, "ET: first arrival not reported");
	CHECK(wait1(ep, &out, 0) == 0, "ET: reported twice for one arrival");
	CHECK_OK(write(p[1], "b", 1));
	CHECK(wait1(ep, &out, 0) == 1, "ET: second arrival not reported");
	CHECK_OK(read(p[0], buf, 1));
	CHECK(wait1(ep, &out, 0) == 0, "ET: a read made it fire");
	CHECK_OK(read(p[0], buf, 1));

	/* one-shot */
	ev.events = EPOLLIN | EPOLLONESHOT;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	CHECK_OK(write(p[1], "c", 1));
	CHECK(wait1(ep, &out, 0) == 1, "ONESHOT: not reported");
	CHECK_OK(write(p[1], "d", 1));
	CHECK(wait1(ep, &out, 0) == 0, "ONESHOT: reported twice");
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	CHECK(wait1(ep, &out, 0) == 1, "ONESHOT: MOD did not re-arm");
	CHECK_OK(read(p[0], buf, 2));

	/* a child writes while we wait */
	ev.events = EPOLLIN;
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev));
	pid_t pid = CHECK_OK(fork());
	if (!pid) {
		usleep(50000);
		_exit(write(p[1], "e", 1) == 1 ? 0 : 1);
	}
	CHECK(wait1(ep, &out, 5000) == 1, "not woken by the child's write");
	CHECK_OK(waitpid(pid, NULL, 0));
	CHECK_OK(read(p[0], buf, 1));

	/* nested */
	ep2 = CHECK_OK(epoll_create(1));
	ev = (struct epoll_event){ .events = EPOLLIN, .data.fd = ep };
	CHECK_OK(epoll_ctl(ep2, EPOLL_CTL_ADD, ep, &ev));
	CHECK_ERR(epoll_ctl(ep, EPOLL_CTL_ADD, ep2, &ev), ELOOP);
	CHECK(wait1(ep2, &out, 0) == 0, "nested: ready while empty");
	CHECK_OK(write(p[1], "f", 1));
	CHECK(wait1(ep2, &out, 0) == 1 && out.data.fd == ep, "nested: not ready");
	CHECK_OK(read(p[0], buf, 1));

	/* closing: a dup keeps the item, the last close removes it */
	d = CHECK_OK(dup(p[0]));
	CHECK_OK(close(p[0]));
	CHECK_OK(write(p[1], "g", 1));
	CHECK(wait1(ep, &out, 0) == 1, "the item went with a close while a dup lives");
	CHECK_OK(close(d));
	CHECK(wait1(ep, &out, 0) == 0, "the item stayed after the last close");

	/* the writer goes: EPOLLHUP, which is always watched */
	CHECK_OK(pipe(p));
	ev = (struct epoll_event){ .events = 0, .data.u32 = 7 };
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_OK(close(p[1]));
	CHECK(wait1(ep, &out, 1000) == 1 && out.events == EPOLLHUP && out.data.u32 == 7,
	      "no writer: events %#x", out.events);
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	CHECK(wait1(ep, &out, 0) == 0, "reported after EPOLL_CTL_DEL");
	CHECK_ERR(epoll_wait(ep, &out, 0, 0), EINVAL);
	CHECK_ERR(epoll_wait(p[0], &out, 1, 0), EINVAL);
	return 0;
}
