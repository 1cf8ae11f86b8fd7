// SPDX-License-Identifier: GPL-2.0-or-later
// inotify readiness: an empty queue is not readable for poll, select and
// epoll; an event makes it POLLIN (never POLLOUT); reading the queue
// empty makes it unreadable again; an epoll_wait and a poll that sleep are
// woken by an event another process makes.
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/wait.h>
#include "inotify_events.h"

static pid_t touch_later(const char *path)
{
	pid_t pid = CHECK_OK(fork());

	if (!pid) {
		usleep(100000);
		_exit(close(open(path, O_CREAT | O_WRONLY, 0644)) ? 1 : 0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int status;

	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "child status %#x", status);
}

int main(void)
{
	char a[512], b[512], buf[4096] __attribute__((aligned(8)));
	struct pollfd pfd;
	struct epoll_event ev = { .events = EPOLLIN }, out;
	struct timeval tv = { 0, 0 };
	fd_set rd;
	int in, ep;

	guest_path(a, sizeof(a), "a");
	guest_path(b, sizeof(b), "b");
	in = CHECK_OK(inotify_init1(IN_NONBLOCK));
	CHECK_OK(inotify_add_watch(in, guest_tmpdir(), IN_CREATE));
	ep = CHECK_OK(epoll_create1(0));
	CHECK_OK(epoll_ctl(ep, EPOLL_CTL_ADD, in, &ev));

	pfd = (struct pollfd){ .fd = in, .events = POLLIN | POLLOUT };
	CHECK(CHECK_OK(poll(&pfd, 1, 0)) == 0, "empty queue: poll revents %#x", pfd.revents);
	FD_ZERO(&rd);
	FD_SET(in, &rd);
	CHECK(CHECK_OK(select(in + 1, &rd, NULL, NULL, &tv)) == 0, "empty queue: select");
	CHECK(CHECK_OK(epoll_wait(ep, &out, 1, 0)) == 0, "empty queue: epoll_wait");

	/* a sleeping epoll_wait, woken by a child's event */
	pid_t pid = touch_later(a);
	CHECK(CHECK_OK(epoll_wait(ep, &out, 1, 5000)) == 1 && out.events == EPOLLIN,
	      "epoll_wait: events %#x", out.events);
	reap(pid);
	pfd.revents = 0;
	CHECK(CHECK_OK(poll(&pfd, 1, 0)) == 1 && pfd.revents == POLLIN,
	      "one event: poll revents %#x, want POLLIN", pfd.revents);
	FD_ZERO(&rd);
	FD_SET(in, &rd);
	CHECK(CHECK_OK(select(in + 1, &rd, NULL, NULL, &tv)) == 1 && FD_ISSET(in, &rd),
	      "one event: select");
	CHECK_OK(read(in, buf, sizeof(buf)));
	pfd.revents = 0;
	CHECK(CHECK_OK(poll(&pfd, 1, 0)) == 0, "read empty: poll revents %#x", pfd.revents);
	CHECK(CHECK_OK(epoll_wait(ep, &out, 1, 0)) == 0, "read empty: epoll_wait");

	/* a sleeping poll, woken by a child's event */
	pid = touch_later(b);
	pfd.events = POLLIN;
	CHECK(CHECK_OK(poll(&pfd, 1, 5000)) == 1 && pfd.revents == POLLIN,
	      "poll: revents %#x", pfd.revents);
	reap(pid);
	CHECK_OK(close(ep));
	CHECK_OK(close(in));
	CHECK_OK(unlink(a));
	CHECK_OK(unlink(b));
	return 0;
}
