// SPDX-License-Identifier: GPL-2.0-or-later
// inotify read(2): a blocking read waits until another process (a child
// using the inherited fd's watch) makes an event; a signal without
// SA_RESTART interrupts it (EINTR); records are struct inotify_event plus
// the name NUL-padded to 16 bytes; a buffer too small for the next event
// is EINVAL and leaves it queued; a read takes as many whole events as
// fit; FIONREAD counts the bytes queued; IN_NONBLOCK gives EAGAIN and
// O_NONBLOCK, IN_CLOEXEC gives FD_CLOEXEC; inotify_init makes neither.
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "inotify_events.h"

static void on_alarm(int sig)
{
	(void)sig;
}

int main(void)
{
	char f[512], buf[4096] __attribute__((aligned(8)));
	struct inotify_event *e = (struct inotify_event *)buf;
	struct sigaction sa = { .sa_handler = on_alarm };
	int in, w, status, n;
	pid_t pid;

	guest_path(f, sizeof(f), "watched");
	CHECK_OK(close(CHECK_OK(open(f, O_CREAT | O_WRONLY, 0644))));

	in = CHECK_OK(inotify_init());
	CHECK(!(CHECK_OK(fcntl(in, F_GETFL)) & O_NONBLOCK), "inotify_init: O_NONBLOCK");
	CHECK(!(CHECK_OK(fcntl(in, F_GETFD)) & FD_CLOEXEC), "inotify_init: FD_CLOEXEC");
	w = CHECK_OK(inotify_add_watch(in, guest_tmpdir(), IN_CREATE | IN_MODIFY));

	/* woken by a child's event */
	pid = CHECK_OK(fork());
	if (!pid) {
		usleep(100000);
		_exit(truncate(f, 1) == 0 ? 0 : 1);
	}
	n = CHECK_OK(read(in, buf, sizeof(buf)));
	CHECK(n == (int)sizeof(*e) + 16, "read %d bytes, want %zu", n, sizeof(*e) + 16);
	CHECK(e->wd == w && e->mask == IN_MODIFY && e->cookie == 0 && e->len == 16 &&
	      !strcmp(e->name, "watched"), "event wd %d mask %#x len %u name %s",
	      e->wd, e->mask, e->len, e->name);
	for (int i = strlen("watched"); i < 16; i++)
		CHECK(!e->name[i], "name padding byte %d is %#x", i, e->name[i]);
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && !WEXITSTATUS(status), "child status %#x", status);

	/* a signal interrupts the wait */
	CHECK_OK(sigaction(SIGALRM, &sa, NULL));
	alarm(1);
	CHECK_ERR(read(in, buf, sizeof(buf)), EINTR);

	/* sizes: FIONREAD, too small, whole events only */
	CHECK_OK(truncate(f, 2));
	CHECK_OK(ioctl(in, FIONREAD, &n));
	CHECK(n == 32, "FIONREAD %d, want 32", n);
	snprintf(buf, sizeof(buf), "%s/a-longer-name-of-20", guest_tmpdir());
	CHECK_OK(close(CHECK_OK(open(buf, O_CREAT | O_WRONLY, 0644))));
	CHECK_OK(unlink(buf));
	CHECK_OK(ioctl(in, FIONREAD, &n));
	CHECK(n == 32 + 16 + 32, "FIONREAD %d, want 80", n);
	CHECK_ERR(read(in, buf, 31), EINVAL);
	CHECK_ERR(read(in, buf, 16), EINVAL);
	n = CHECK_OK(read(in, buf, 32 + 47));
	CHECK(n == 32 && e->mask == IN_MODIFY, "read %d bytes, mask %#x; want 32, IN_MODIFY",
	      n, e->mask);
	n = CHECK_OK(read(in, buf, sizeof(buf)));
	CHECK(n == 48 && e->mask == IN_CREATE && e->len == 32 &&
	      !strcmp(e->name, "a-longer-name-of-20"),
	      "read %d bytes, mask %#x, len %u, name %s", n, e->mask, e->len, e->name);
	CHECK_OK(ioctl(in, FIONREAD, &n));
	CHECK(n == 0, "FIONREAD %d on an empty queue", n);
	CHECK_OK(close(in));

	/* IN_NONBLOCK, IN_CLOEXEC */
	in = CHECK_OK(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
	CHECK(CHECK_OK(fcntl(in, F_GETFL)) & O_NONBLOCK, "IN_NONBLOCK: no O_NONBLOCK");
	CHECK(CHECK_OK(fcntl(in, F_GETFD)) & FD_CLOEXEC, "IN_CLOEXEC: no FD_CLOEXEC");
	CHECK_ERR(read(in, buf, sizeof(buf)), EAGAIN);
	CHECK_OK(close(in));
	CHECK_OK(unlink(f));
	return 0;
}
