// SPDX-License-Identifier: GPL-2.0-or-later
// inotify in the working directory (under umk a hostfs bind of the host's
// directory): the same events as on tmpfs for creating, writing, reading,
// renaming, changing and removing files and directories.
#include <sys/stat.h>
#include "inotify_events.h"

static char dir[] = "build/tests/inotify-hostfs-XXXXXX";

static void remove_dir(void)
{
	rmdir(dir);
}

int main(void)
{
	CHECK(mkdtemp(dir), "mkdtemp %s in the working directory: %s", dir,
	      strerror(errno));
	atexit(remove_dir);
	check_file_life_events(dir);
	return 0;
}
