/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the inotify guest tests: take every event queued on an
 * inotify fd (without waiting) and compare them with the expected list,
 * one "WD MASK NAME" line each, in order.
 */
#ifndef UMK_TESTS_INOTIFY_EVENTS_H
#define UMK_TESTS_INOTIFY_EVENTS_H

#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include "guest.h"

struct ev {
	int wd;
	uint32_t mask, cookie;
	char name[256];
};

/* Read what is queued on fd (which need not be non-blocking) into evs;
 * returns how many.  Checks the record layout on the way. */
static inline int take_events(int fd, struct ev *evs, int max)
{
	static char buf[65536] __attribute__((aligned(8)));
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int n = 0;

	while (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN)) {
		ssize_t len = CHECK_OK(read(fd, buf, sizeof(buf)));
		char *p = buf;

		CHECK(len > 0, "read of a readable inotify fd gave %zd", len);
		while (p < buf + len) {
			struct inotify_event *e = (struct inotify_event *)p;

			CHECK(e->len % sizeof(struct inotify_event) == 0,
			      "name length %u is not padded to 16", e->len);
			CHECK(!e->len || strlen(e->name) < e->len,
			      "name not NUL-terminated within len");
			CHECK(n < max, "more than %d events", max);
			evs[n].wd = e->wd;
			evs[n].mask = e->mask;
			evs[n].cookie = e->cookie;
			snprintf(evs[n].name, sizeof(evs[n].name), "%s",
				 e->len ? e->name : "");
			n++;
			p += sizeof(*e) + e->len;
		}
	}
	return n;
}

/* Print the events, for failures. */
static inline void show_events(const char *what, struct ev *evs, int n)
{
	fprintf(stderr, "%s: %d events:\n", what, n);
	for (int i = 0; i < n; i++)
		fprintf(stderr, "  wd %d mask %#x cookie %u name '%s'\n",
			evs[i].wd, evs[i].mask, evs[i].cookie, evs[i].name);
}

/*
 * The events queued on fd must be exactly those given: n triples of
 * (int wd, uint32_t mask, const char *name), name "" for none.  Returns
 * the events read through evs (cookies included) for further checks.
 */
static inline void expect_events_at(const char *file, int line, int fd,
				    struct ev *evs, int n, ...)
{
	struct ev got[64];
	va_list ap;
	int m = take_events(fd, got, 64);

	va_start(ap, n);
	for (int i = 0; i < n || i < m; i++) {
		int wd = i < n ? va_arg(ap, int) : 0;
		uint32_t mask = i < n ? va_arg(ap, uint32_t) : 0;
		const char *name = i < n ? va_arg(ap, const char *) : "";

		if (i >= n || i >= m || got[i].wd != wd ||
		    got[i].mask != mask || strcmp(got[i].name, name)) {
			show_events("got", got, m);
			fprintf(stderr, "%s:%d: event %d: want wd %d mask %#x name '%s'%s\n",
				file, line, i, wd, mask, name,
				i >= n ? " (no more)" : "");
			exit(1);
		}
	}
	va_end(ap);
	if (evs)
		memcpy(evs, got, sizeof(got[0]) * m);
}

#define EXPECT_EVENTS(fd, evs, n, ...) \
	expect_events_at(__FILE__, __LINE__, fd, evs, n, ##__VA_ARGS__)

/*
 * The events of creating, writing, reading, renaming, changing and
 * removing files and directories in dir, as Linux sends them to a watch
 * on dir, on a file and on a subdirectory (one inotify fd).  The same
 * sequence serves tmpfs and hostfs.
 */
static inline void check_file_life_events(const char *dir)
{
	char f[512], sub[512], g[512], h[512], h2[512], ln[512], fifo[512];
	struct ev evs[64];
	char buf[16];
	int in, wd, wf, ws, fd;

	snprintf(f, sizeof(f), "%s/f", dir);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	snprintf(g, sizeof(g), "%s/sub/g", dir);
	snprintf(h, sizeof(h), "%s/h", dir);
	snprintf(h2, sizeof(h2), "%s/h2", dir);
	snprintf(ln, sizeof(ln), "%s/ln", dir);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);

	in = CHECK_OK(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
	wd = CHECK_OK(inotify_add_watch(in, dir, IN_ALL_EVENTS));
	CHECK(wd == 1, "first watch descriptor %d, want 1", wd);
	EXPECT_EVENTS(in, NULL, 0);

	/* create, write, close */
	fd = CHECK_OK(open(f, O_CREAT | O_WRONLY, 0644));
	EXPECT_EVENTS(in, NULL, 2, wd, IN_CREATE, "f", wd, IN_OPEN, "f");
	wf = CHECK_OK(inotify_add_watch(in, f, IN_ALL_EVENTS));
	CHECK(wf == 2, "second watch descriptor %d, want 2", wf);
	CHECK(write(fd, "hello", 5) == 5, "write");
	CHECK_OK(close(fd));
	EXPECT_EVENTS(in, NULL, 4, wd, IN_MODIFY, "f", wf, IN_MODIFY, "",
		      wd, IN_CLOSE_WRITE, "f", wf, IN_CLOSE_WRITE, "");

	/* open, read, close */
	fd = CHECK_OK(open(f, O_RDONLY));
	CHECK(read(fd, buf, sizeof(buf)) == 5, "read");
	CHECK(read(fd, buf, sizeof(buf)) == 0, "read at the end");
	CHECK_OK(close(fd));
	EXPECT_EVENTS(in, NULL, 6, wd, IN_OPEN, "f", wf, IN_OPEN, "",
		      wd, IN_ACCESS, "f", wf, IN_ACCESS, "",
		      wd, IN_CLOSE_NOWRITE, "f", wf, IN_CLOSE_NOWRITE, "");

	/* a subdirectory, and a rename into it */
	CHECK_OK(mkdir(sub, 0755));
	EXPECT_EVENTS(in, NULL, 1, wd, IN_CREATE | IN_ISDIR, "sub");
	ws = CHECK_OK(inotify_add_watch(in, sub, IN_ALL_EVENTS));
	CHECK_OK(rename(f, g));
	EXPECT_EVENTS(in, evs, 3, wd, IN_MOVED_FROM, "f", ws, IN_MOVED_TO, "g",
		      wf, IN_MOVE_SELF, "");
	CHECK(evs[0].cookie && evs[0].cookie == evs[1].cookie,
	      "rename cookies %u and %u", evs[0].cookie, evs[1].cookie);
	CHECK(!evs[2].cookie, "IN_MOVE_SELF has cookie %u", evs[2].cookie);

	/* attributes and truncation: the directory hears with the name */
	CHECK_OK(chmod(g, 0600));
	EXPECT_EVENTS(in, NULL, 2, ws, IN_ATTRIB, "g", wf, IN_ATTRIB, "");
	CHECK_OK(utimensat(AT_FDCWD, g, NULL, 0));
	EXPECT_EVENTS(in, NULL, 2, ws, IN_ATTRIB, "g", wf, IN_ATTRIB, "");
	/* an extended attribute set, then removed (where the file system
	 * keeps user attributes) */
	if (setxattr(g, "user.inotify", "1", 1, 0) == 0) {
		EXPECT_EVENTS(in, NULL, 2, ws, IN_ATTRIB, "g", wf, IN_ATTRIB, "");
		CHECK_OK(removexattr(g, "user.inotify"));
		EXPECT_EVENTS(in, NULL, 2, ws, IN_ATTRIB, "g", wf, IN_ATTRIB, "");
	} else {
		CHECK(errno == ENOTSUP, "setxattr: %s", strerror(errno));
	}
	CHECK_OK(truncate(g, 2));
	EXPECT_EVENTS(in, NULL, 2, ws, IN_MODIFY, "g", wf, IN_MODIFY, "");
	fd = CHECK_OK(open(g, O_WRONLY | O_TRUNC));
	CHECK_OK(close(fd));
	EXPECT_EVENTS(in, NULL, 6, ws, IN_OPEN, "g", wf, IN_OPEN, "",
		      ws, IN_MODIFY, "g", wf, IN_MODIFY, "",
		      ws, IN_CLOSE_WRITE, "g", wf, IN_CLOSE_WRITE, "");

	/* the last name goes: the file's watch ends */
	CHECK_OK(unlink(g));
	EXPECT_EVENTS(in, NULL, 4, wf, IN_ATTRIB, "", wf, IN_DELETE_SELF, "",
		      wf, IN_IGNORED, "", ws, IN_DELETE, "g");
	CHECK_ERR(inotify_rm_watch(in, wf), EINVAL);

	/* a removed directory's watch ends too */
	CHECK_OK(rmdir(sub));
	EXPECT_EVENTS(in, NULL, 3, ws, IN_DELETE_SELF, "", ws, IN_IGNORED, "",
		      wd, IN_DELETE | IN_ISDIR, "sub");

	/* links, symlinks, fifos */
	CHECK_OK(close(CHECK_OK(open(h, O_CREAT | O_EXCL | O_RDONLY, 0600))));
	EXPECT_EVENTS(in, NULL, 3, wd, IN_CREATE, "h", wd, IN_OPEN, "h",
		      wd, IN_CLOSE_NOWRITE, "h");
	CHECK_OK(link(h, h2));
	CHECK_OK(symlink("h", ln));
	CHECK_OK(mkfifo(fifo, 0600));
	EXPECT_EVENTS(in, NULL, 3, wd, IN_CREATE, "h2", wd, IN_CREATE, "ln",
		      wd, IN_CREATE, "fifo");
	CHECK_OK(unlink(h));
	CHECK_OK(unlink(h2));
	CHECK_OK(unlink(ln));
	CHECK_OK(unlink(fifo));
	EXPECT_EVENTS(in, NULL, 4, wd, IN_DELETE, "h", wd, IN_DELETE, "h2",
		      wd, IN_DELETE, "ln", wd, IN_DELETE, "fifo");

	/* removing the watch says so */
	CHECK_OK(inotify_rm_watch(in, wd));
	EXPECT_EVENTS(in, NULL, 1, wd, IN_IGNORED, "");
	CHECK_ERR(inotify_rm_watch(in, wd), EINVAL);
	CHECK_OK(close(in));
}

#endif
