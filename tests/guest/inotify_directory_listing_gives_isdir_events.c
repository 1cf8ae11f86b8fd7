// SPDX-License-Identifier: GPL-2.0-or-later
// inotify: opening, listing and closing a watched directory gives
// IN_OPEN, IN_ACCESS and IN_CLOSE_NOWRITE with IN_ISDIR, to its own watch
// (no name) and to its parent's (with its name); identical events in a
// row are queued once (the listing's several getdents calls).
#include <dirent.h>
#include <sys/stat.h>
#include "inotify_events.h"

int main(void)
{
	char sub[512], name[600];
	struct dirent *de;
	DIR *d;
	int in, wp, ws, n = 0;

	guest_path(sub, sizeof(sub), "sub");
	CHECK_OK(mkdir(sub, 0755));
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "%s/file%d", sub, i);
		CHECK_OK(close(CHECK_OK(open(name, O_CREAT | O_WRONLY, 0644))));
	}
	in = CHECK_OK(inotify_init1(IN_NONBLOCK));
	wp = CHECK_OK(inotify_add_watch(in, guest_tmpdir(), IN_ALL_EVENTS));
	ws = CHECK_OK(inotify_add_watch(in, sub, IN_OPEN | IN_CLOSE));
	d = opendir(sub);
	CHECK(d, "opendir: %s", strerror(errno));
	while ((de = readdir(d)))
		n++;
	CHECK(n == 5, "%d entries, want 5", n);
	closedir(d);
	/* (ws asked for IN_OPEN and IN_CLOSE only: no IN_ACCESS) */
	EXPECT_EVENTS(in, NULL, 5, wp, IN_OPEN | IN_ISDIR, "sub",
		      ws, IN_OPEN | IN_ISDIR, "",
		      wp, IN_ACCESS | IN_ISDIR, "sub",
		      wp, IN_CLOSE_NOWRITE | IN_ISDIR, "sub",
		      ws, IN_CLOSE_NOWRITE | IN_ISDIR, "");
	CHECK_OK(close(in));
	for (int i = 0; i < 3; i++) {
		snprintf(name, sizeof(name), "%s/file%d", sub, i);
		CHECK_OK(unlink(name));
	}
	CHECK_OK(rmdir(sub));
	return 0;
}
