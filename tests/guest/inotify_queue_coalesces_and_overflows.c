// SPDX-License-Identifier: GPL-2.0-or-later
// inotify's queue: an event identical to the last one queued is dropped
// (three writes in a row: one IN_MODIFY), a different one in between
// keeps both; at max_queued_events (/proc/sys/fs/inotify) one
// IN_Q_OVERFLOW event (wd -1) ends the queue and later events are lost;
// once read, events queue again.
#include <sys/ioctl.h>
#include "inotify_events.h"

static char buf[1 << 20] __attribute__((aligned(8)));

int main(void)
{
	char f[512], c;
	struct inotify_event *e;
	FILE *lim;
	int in, w, fd, max, n, total = 0;
	long got;

	lim = fopen("/proc/sys/fs/inotify/max_queued_events", "r");
	CHECK(lim && fscanf(lim, "%d", &max) == 1 && max > 0,
	      "/proc/sys/fs/inotify/max_queued_events");
	fclose(lim);
	if (max > 65536) {
		printf("max_queued_events is %d: the overflow is not tried\n", max);
		max = 0;
	}

	guest_path(f, sizeof(f), "f");
	fd = CHECK_OK(open(f, O_CREAT | O_RDWR, 0644));
	in = CHECK_OK(inotify_init1(IN_NONBLOCK));
	w = CHECK_OK(inotify_add_watch(in, f, IN_MODIFY | IN_ACCESS));

	/* coalescing */
	for (int i = 0; i < 3; i++)
		CHECK(pwrite(fd, "x", 1, 0) == 1, "write");
	CHECK(pread(fd, &c, 1, 0) == 1, "read");
	CHECK(pwrite(fd, "x", 1, 0) == 1, "write");
	EXPECT_EVENTS(in, NULL, 3, w, IN_MODIFY, "", w, IN_ACCESS, "",
		      w, IN_MODIFY, "");
	if (!max)
		return 0;

	/* overflow: max events, alternating so none coalesce, and more */
	for (int i = 0; i < max + 10; i++) {
		if (i & 1)
			CHECK(pread(fd, &c, 1, 0) == 1, "read");
		else
			CHECK(pwrite(fd, "x", 1, 0) == 1, "write");
	}
	CHECK_OK(ioctl(in, FIONREAD, &n));
	CHECK(n == (max + 1) * 16, "FIONREAD %d, want %d", n, (max + 1) * 16);
	while ((got = read(in, buf, sizeof(buf))) > 0) {
		for (e = (void *)buf; (char *)e < buf + got; e++, total++) {
			if (total < max)
				CHECK(e->wd == w && e->mask == (total & 1 ? IN_ACCESS : IN_MODIFY),
				      "event %d: wd %d mask %#x", total, e->wd, e->mask);
			else
				CHECK(e->wd == -1 && e->mask == IN_Q_OVERFLOW && !e->len,
				      "event %d: wd %d mask %#x, want the overflow",
				      total, e->wd, e->mask);
		}
	}
	CHECK(got == -1 && errno == EAGAIN, "read: %s", strerror(errno));
	CHECK(total == max + 1, "%d events, want %d", total, max + 1);

	/* room again */
	CHECK(pwrite(fd, "x", 1, 0) == 1, "write");
	EXPECT_EVENTS(in, NULL, 1, w, IN_MODIFY, "");
	CHECK_OK(close(in));
	CHECK_OK(close(fd));
	CHECK_OK(unlink(f));
	return 0;
}
