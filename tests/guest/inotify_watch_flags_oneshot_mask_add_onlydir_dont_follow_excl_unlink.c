// SPDX-License-Identifier: GPL-2.0-or-later
// inotify_add_watch's flags: IN_ONESHOT ends the watch after one event
// (IN_IGNORED); a second add for the same inode returns the same wd and
// replaces the mask, or with IN_MASK_ADD adds to it, or with
// IN_MASK_CREATE fails EEXIST; IN_ONLYDIR accepts directories only;
// IN_DONT_FOLLOW watches a symlink itself; IN_EXCL_UNLINK keeps a
// directory's watch from hearing of files unlinked from it; a watch hears
// only the events of its mask.
#include <sys/stat.h>
#include "inotify_events.h"

int main(void)
{
	char f[512], ln[512], k[512];
	const char *dir = guest_tmpdir();
	int in, in2, w, w2, wl, fd;

	guest_path(f, sizeof(f), "f");
	guest_path(ln, sizeof(ln), "ln");
	guest_path(k, sizeof(k), "k");
	CHECK_OK(close(CHECK_OK(open(f, O_CREAT | O_WRONLY, 0644))));
	fd = CHECK_OK(open(f, O_WRONLY));
	in = CHECK_OK(inotify_init1(IN_NONBLOCK));

	/* a mask filters */
	w = CHECK_OK(inotify_add_watch(in, dir, IN_CREATE));
	CHECK(write(fd, "x", 1) == 1, "write");
	EXPECT_EVENTS(in, NULL, 0);
	CHECK_OK(inotify_rm_watch(in, w));
	EXPECT_EVENTS(in, NULL, 1, w, IN_IGNORED, "");

	/* IN_ONESHOT */
	w = CHECK_OK(inotify_add_watch(in, f, IN_MODIFY | IN_ONESHOT));
	CHECK(write(fd, "x", 1) == 1, "write");
	CHECK(write(fd, "y", 1) == 1, "write");
	EXPECT_EVENTS(in, NULL, 2, w, IN_MODIFY, "", w, IN_IGNORED, "");
	CHECK(write(fd, "z", 1) == 1, "write");
	EXPECT_EVENTS(in, NULL, 0);
	CHECK_ERR(inotify_rm_watch(in, w), EINVAL);

	/* the same inode again: the same wd; the mask replaced or added to */
	w = CHECK_OK(inotify_add_watch(in, f, IN_MODIFY));
	w2 = CHECK_OK(inotify_add_watch(in, f, IN_ATTRIB));
	CHECK(w2 == w, "second add gave wd %d, want %d", w2, w);
	CHECK(write(fd, "x", 1) == 1, "write");
	CHECK_OK(chmod(f, 0640));
	EXPECT_EVENTS(in, NULL, 1, w, IN_ATTRIB, "");
	w2 = CHECK_OK(inotify_add_watch(in, f, IN_MODIFY | IN_MASK_ADD));
	CHECK(w2 == w, "IN_MASK_ADD gave wd %d, want %d", w2, w);
	CHECK(write(fd, "x", 1) == 1, "write");
	CHECK_OK(chmod(f, 0644));
	EXPECT_EVENTS(in, NULL, 2, w, IN_MODIFY, "", w, IN_ATTRIB, "");
	CHECK_ERR(inotify_add_watch(in, f, IN_MODIFY | IN_MASK_CREATE), EEXIST);
	CHECK_ERR(inotify_add_watch(in, f, IN_MODIFY | IN_MASK_CREATE | IN_MASK_ADD),
		  EINVAL);

	/* IN_ONLYDIR */
	CHECK_ERR(inotify_add_watch(in, f, IN_MODIFY | IN_ONLYDIR), ENOTDIR);
	w2 = CHECK_OK(inotify_add_watch(in, dir, IN_DELETE | IN_ONLYDIR | IN_MASK_CREATE));
	CHECK(w2 != w, "a new inode got the old wd %d", w);

	/* IN_DONT_FOLLOW: the symlink's own inode */
	CHECK_OK(symlink("f", ln));
	wl = CHECK_OK(inotify_add_watch(in, ln, IN_ATTRIB | IN_DONT_FOLLOW));
	CHECK(wl != w, "IN_DONT_FOLLOW gave the target's wd");
	CHECK(CHECK_OK(inotify_add_watch(in, ln, IN_ATTRIB | IN_MASK_ADD)) == w,
	      "a watch through the symlink is not the target's");
	CHECK_OK(chmod(f, 0600));
	EXPECT_EVENTS(in, NULL, 1, w, IN_ATTRIB, "");
	CHECK_OK(unlink(ln));
	EXPECT_EVENTS(in, NULL, 3, wl, IN_ATTRIB, "", wl, IN_IGNORED, "",
		      w2, IN_DELETE, "ln");
	CHECK_OK(close(in));

	/* IN_EXCL_UNLINK: events of an unlinked file reach only the
	 * directory watch without the flag */
	in = CHECK_OK(inotify_init1(IN_NONBLOCK));
	in2 = CHECK_OK(inotify_init1(IN_NONBLOCK));
	CHECK_OK(close(fd));
	fd = CHECK_OK(open(k, O_CREAT | O_RDWR, 0644));
	w = CHECK_OK(inotify_add_watch(in, dir, IN_MODIFY | IN_EXCL_UNLINK));
	w2 = CHECK_OK(inotify_add_watch(in2, dir, IN_MODIFY));
	CHECK(write(fd, "1", 1) == 1, "write");
	EXPECT_EVENTS(in, NULL, 1, w, IN_MODIFY, "k");
	EXPECT_EVENTS(in2, NULL, 1, w2, IN_MODIFY, "k");
	CHECK_OK(unlink(k));
	CHECK(write(fd, "2", 1) == 1, "write");
	EXPECT_EVENTS(in, NULL, 0);
	EXPECT_EVENTS(in2, NULL, 1, w2, IN_MODIFY, "k");
	CHECK_OK(close(fd));
	CHECK_OK(close(in));
	CHECK_OK(close(in2));
	CHECK_OK(unlink(f));
	return 0;
}
