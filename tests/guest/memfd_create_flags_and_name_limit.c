// SPDX-License-Identifier: GPL-2.0-or-later
// memfd_create's checks: unknown flags and MFD_EXEC with MFD_NOEXEC_SEAL
// are EINVAL, a name of 249 bytes is fine and 250 is EINVAL, a bad name
// pointer is EFAULT.  MFD_NOEXEC_SEAL gives a non-executable file sealed
// with F_SEAL_EXEC (fchmod cannot add x bits).  Without MFD_ALLOW_SEALING the file holds F_SEAL_SEAL
// and F_ADD_SEALS is EPERM.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "guest.h"

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif
#ifndef F_SEAL_EXEC
#define F_SEAL_EXEC 0x0020
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

int main(void)
{
	char name[300];
	int fd;

	CHECK_ERR(syscall(SYS_memfd_create, "x", 0x100), EINVAL);
	CHECK_ERR(syscall(SYS_memfd_create, "x", MFD_EXEC | MFD_NOEXEC_SEAL),
		  EINVAL);
	CHECK_ERR(syscall(SYS_memfd_create, wild(8), 0), EFAULT);

	memset(name, 'n', sizeof(name));
	name[249] = '\0';
	fd = CHECK_OK(memfd_create(name, 0));
	close(fd);
	name[249] = 'n';
	name[250] = '\0';
	CHECK_ERR(memfd_create(name, 0), EINVAL);

	fd = CHECK_OK(memfd_create("sealed", MFD_CLOEXEC));
	CHECK(CHECK_OK(fcntl(fd, F_GET_SEALS)) == F_SEAL_SEAL,
	      "seals of a file without MFD_ALLOW_SEALING");
	CHECK_ERR(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE), EPERM);
	close(fd);

	fd = CHECK_OK(memfd_create("sealable", MFD_ALLOW_SEALING));
	CHECK(CHECK_OK(fcntl(fd, F_GET_SEALS)) == 0, "seals at start");
	CHECK_ERR(fcntl(fd, F_ADD_SEALS, 0x1000), EINVAL);
	close(fd);

	struct stat st;
	fd = CHECK_OK(memfd_create("noexec", MFD_NOEXEC_SEAL));
	CHECK(CHECK_OK(fcntl(fd, F_GET_SEALS)) == F_SEAL_EXEC, "MFD_NOEXEC_SEAL seals");
	CHECK_OK(fstat(fd, &st));
	CHECK(!(st.st_mode & 0111), "MFD_NOEXEC_SEAL mode %o", st.st_mode);
	CHECK_ERR(fchmod(fd, 0777), EPERM);
	CHECK_OK(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	close(fd);

	/* seals belong to memfds: a pipe has none */
	int p[2];
	CHECK_OK(pipe(p));
	CHECK_ERR(fcntl(p[0], F_GET_SEALS), EINVAL);
	return 0;
}
