// SPDX-License-Identifier: GPL-2.0-or-later
// umask returns the previous mask and applies to files and directories
// created afterwards.
#include <fcntl.h>
#include <sys/stat.h>
#include "guest.h"

int main(void)
{
	char f[256], d[256];
	struct stat st;
	mode_t start = umask(022);

	CHECK(umask(077) == 022, "umask did not return the previous mask");
	CHECK(umask(0777 | 01000) == 077, "umask did not return 077");
	CHECK(umask(027) == 0777, "umask kept bits beyond 0777");

	CHECK_OK(close(CHECK_OK(open(guest_path(f, sizeof(f), "f"),
				     O_WRONLY | O_CREAT, 0666))));
	CHECK_OK(stat(f, &st));
	CHECK((st.st_mode & 07777) == 0640, "file mode %o, want 640",
	      st.st_mode & 07777);
	CHECK_OK(mkdir(guest_path(d, sizeof(d), "d"), 0777));
	CHECK_OK(stat(d, &st));
	CHECK((st.st_mode & 07777) == 0750, "directory mode %o, want 750",
	      st.st_mode & 07777);
	unlink(f);
	rmdir(d);
	umask(start);
	return 0;
}
