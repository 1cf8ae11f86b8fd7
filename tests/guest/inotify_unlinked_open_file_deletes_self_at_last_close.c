// SPDX-License-Identifier: GPL-2.0-or-later
// inotify: unlinking the last name of a file that is still open gives
// IN_ATTRIB (its link count); it is still written (IN_MODIFY) and closed
// (IN_CLOSE_WRITE); IN_DELETE_SELF and IN_IGNORED come when its last open
// file is closed.  A file replaced by rename, open nowhere, gets IN_ATTRIB,
// IN_DELETE_SELF and IN_IGNORED at once.  Closing the inotify fd with a
// watch on an open file frees it quietly.
#include "inotify_events.h"

int main(void)
{
	char f[512], g[512];
	int in, w, a, b;

	guest_path(f, sizeof(f), "f");
	guest_path(g, sizeof(g), "g");
	a = CHECK_OK(open(f, O_CREAT | O_RDWR, 0644));
	b = CHECK_OK(open(f, O_WRONLY));
	in = CHECK_OK(inotify_init1(IN_NONBLOCK));
	w = CHECK_OK(inotify_add_watch(in, f, IN_ALL_EVENTS));

	CHECK_OK(unlink(f));
	EXPECT_EVENTS(in, NULL, 1, w, IN_ATTRIB, "");
	CHECK(write(a, "x", 1) == 1, "write");
	CHECK_OK(close(a));
	EXPECT_EVENTS(in, NULL, 2, w, IN_MODIFY, "", w, IN_CLOSE_WRITE, "");
	CHECK_OK(close(b));
	EXPECT_EVENTS(in, NULL, 3, w, IN_CLOSE_WRITE, "", w, IN_DELETE_SELF, "",
		      w, IN_IGNORED, "");

	/* replaced by rename */
	CHECK_OK(close(CHECK_OK(open(f, O_CREAT | O_WRONLY, 0644))));
	CHECK_OK(close(CHECK_OK(open(g, O_CREAT | O_WRONLY, 0644))));
	w = CHECK_OK(inotify_add_watch(in, g, IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF));
	CHECK_OK(rename(f, g));
	EXPECT_EVENTS(in, NULL, 3, w, IN_ATTRIB, "", w, IN_DELETE_SELF, "",
		      w, IN_IGNORED, "");

	/* the inotify fd goes first */
	a = CHECK_OK(open(g, O_RDONLY));
	CHECK_OK(inotify_add_watch(in, g, IN_ALL_EVENTS));
	CHECK_OK(close(in));
	CHECK_OK(unlink(g));
	CHECK_OK(close(a));
	return 0;
}
