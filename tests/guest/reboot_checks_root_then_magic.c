/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reboot(2) without rebooting: guest root gets EINVAL for bad magic
 * numbers and an unknown command, EINVAL for KEXEC and ENOSYS for
 * SW_SUSPEND (a kernel without them), and may set CAD on and off; anyone
 * else gets EPERM first, whatever the magic.
 */
// umk-only: natively a mistake here would reboot the host; never call reboot(2) natively
#include <sys/syscall.h>
#include "guest.h"

#define MAGIC1 0xfee1deadU
#define MAGIC2 672274793U

static long rb(unsigned m1, unsigned m2, unsigned cmd)
{
	return syscall(SYS_reboot, m1, m2, cmd, NULL);
}

int main(void)
{
	if (geteuid() == 0) {
		CHECK_ERR(rb(0xdeadbeefU, MAGIC2, 0x89ABCDEFU), EINVAL);
		CHECK_ERR(rb(MAGIC1, 12345, 0x89ABCDEFU), EINVAL);
		CHECK_ERR(rb(MAGIC1, MAGIC2, 0x12345678U), EINVAL);	/* unknown */
		CHECK_ERR(rb(MAGIC1, MAGIC2, 0x45584543U), EINVAL);	/* KEXEC */
		CHECK_ERR(rb(MAGIC1, MAGIC2, 0xD000FCE2U), ENOSYS);	/* SW_SUSPEND */
		CHECK_OK(rb(MAGIC1, MAGIC2, 0));			/* CAD_OFF */
		CHECK_OK(rb(MAGIC1, 85072278U, 0x89ABCDEFU));		/* CAD_ON */
		CHECK_OK(setresuid(65534, 65534, 65534));
	}
	CHECK_ERR(rb(0xdeadbeefU, MAGIC2, 0x89ABCDEFU), EPERM);
	CHECK_ERR(rb(MAGIC1, MAGIC2, 0xCDEF0123U), EPERM);		/* HALT */
	CHECK_ERR(rb(MAGIC1, MAGIC2, 0x01234567U), EPERM);		/* RESTART */
	return 0;
}
