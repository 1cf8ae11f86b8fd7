// SPDX-License-Identifier: GPL-2.0-or-later
// inotify on /tmp (umk's tmpfs): creating, writing, reading, renaming,
// changing and removing files and directories give Linux's events, in
// Linux's order, to watches on the directory (with names), on the file and
// on a subdirectory; rename's two events share a cookie; a watch ends with
// IN_IGNORED when its inode's last name goes or inotify_rm_watch removes it.
#include <sys/stat.h>
#include "inotify_events.h"

int main(void)
{
	check_file_life_events(guest_tmpdir());
	return 0;
}
