// SPDX-License-Identifier: GPL-2.0-or-later
// fcntl record locks: F_SETLK, F_GETLK within one process (no conflict
// with itself), OFD locks of two open files conflict, flock(2) conflicts
// between open files but not with record locks; bad arguments are EINVAL
// or EBADF.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include "guest.h"

int main(void)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
	char p[4096];
	int a, b, r;

	a = CHECK_OK(open(guest_path(p, sizeof(p), "lockme"), O_CREAT | O_RDWR, 0600));
	b = CHECK_OK(open(p, O_RDWR));
	r = CHECK_OK(open(p, O_RDONLY));

	CHECK_OK(fcntl(a, F_SETLK, &fl));
	/* the same process: no conflict, F_GETLK says unlocked */
	CHECK_OK(fcntl(b, F_SETLK, &fl));
	CHECK_OK(fcntl(b, F_GETLK, &fl));
	CHECK(fl.l_type == F_UNLCK, "F_GETLK of own lock: type %d", fl.l_type);
	fl.l_type = F_WRLCK;
	CHECK_ERR(fcntl(r, F_SETLK, &fl), EBADF);	/* write lock, read-only fd */
	fl.l_type = 7;
	CHECK_ERR(fcntl(a, F_SETLK, &fl), EINVAL);
	fl.l_type = F_UNLCK;
	CHECK_OK(fcntl(a, F_SETLK, &fl));

	/* OFD locks belong to the open file */
	fl.l_type = F_WRLCK;
	fl.l_pid = 0;
	CHECK_OK(fcntl(a, F_OFD_SETLK, &fl));
	CHECK_ERR(fcntl(b, F_OFD_SETLK, &fl), EAGAIN);
	CHECK_OK(fcntl(b, F_OFD_GETLK, &fl));
	CHECK(fl.l_type == F_WRLCK && fl.l_pid == -1, "F_OFD_GETLK: type %d pid %d",
	      fl.l_type, fl.l_pid);
	fl.l_type = F_UNLCK;
	fl.l_pid = 0;		/* F_OFD_GETLK wrote -1; OFD calls want 0 */
	CHECK_OK(fcntl(a, F_OFD_SETLK, &fl));

	CHECK_OK(flock(a, LOCK_EX | LOCK_NB));
	CHECK_ERR(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK_OK(flock(r, LOCK_UN));
	CHECK_ERR(flock(a, 0), EINVAL);
	CHECK_ERR(flock(a, LOCK_SH | LOCK_EX), EINVAL);
	fl.l_type = F_WRLCK;
	CHECK_OK(fcntl(b, F_SETLK, &fl));	/* flock does not block it */
	CHECK_OK(flock(a, LOCK_UN));
	CHECK_OK(flock(b, LOCK_EX | LOCK_NB));

	close(a);
	close(b);
	close(r);
	unlink(p);
	return 0;
}
