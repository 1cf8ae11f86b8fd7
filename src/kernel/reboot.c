// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * reboot(2): how a guest (busybox `reboot -f`, `halt -f`, `poweroff -f`,
 * or an init at the end of its shutdown) stops umk.
 *
 * Guest root only (EPERM, checked first as Linux does), then the magic
 * numbers (EINVAL).  HALT and POWER_OFF kill every process and umk ends
 * with status 0; RESTART and RESTART2 do the same and, under umk boot,
 * tell the host side a restart was asked: this umk process ends and its
 * supervisor boots a new one (src/sandbox/supervise.c; umk run halts, as
 * it cannot restart its command).  CAD_ON and CAD_OFF decide what the
 * management console's cad does under umk boot, as they decide Linux's
 * ctrl-alt-del: restart at once (on, the default until an init turns it
 * off), or SIGINT to init (off).  KEXEC gets EINVAL and SW_SUSPEND
 * ENOSYS, as on a Linux built without them.
 */
#include "kernel.h"
#include "syscall.h"
#include "task.h"

#define REBOOT_MAGIC1		0xfee1deadU
#define REBOOT_MAGIC2		672274793U
#define REBOOT_MAGIC2A		85072278U
#define REBOOT_MAGIC2B		369367448U
#define REBOOT_MAGIC2C		537993216U

#define REBOOT_CMD_RESTART	0x01234567U
#define REBOOT_CMD_HALT		0xCDEF0123U
#define REBOOT_CMD_CAD_ON	0x89ABCDEFU
#define REBOOT_CMD_CAD_OFF	0x00000000U
#define REBOOT_CMD_POWER_OFF	0x4321FEDCU
#define REBOOT_CMD_RESTART2	0xA1B2C3D4U
#define REBOOT_CMD_SW_SUSPEND	0xD000FCE2U
#define REBOOT_CMD_KEXEC	0x45584543U

static bool cad_on = true;	/* Linux's default: C-A-D reboots at once */

bool reboot_cad_enabled(void)
{
	return cad_on;
}

long sys_reboot(struct task *t, const struct sysargs *a)
{
	u32 magic1 = (u32)a->a[0], magic2 = (u32)a->a[1], cmd = (u32)a->a[2];

	if (t->proc->cred.euid != 0)
		return -EPERM;
	if (magic1 != REBOOT_MAGIC1 ||
	    (magic2 != REBOOT_MAGIC2 && magic2 != REBOOT_MAGIC2A &&
	     magic2 != REBOOT_MAGIC2B && magic2 != REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case REBOOT_CMD_CAD_ON:
	case REBOOT_CMD_CAD_OFF:
		cad_on = cmd == REBOOT_CMD_CAD_ON;
		return 0;
	case REBOOT_CMD_HALT:
	case REBOOT_CMD_POWER_OFF:
		pr_notice("reboot: pid %d: %s", t->proc->pid,
			  cmd == REBOOT_CMD_HALT ? "System halted" : "Power down");
		kernel_halt(false);
		return 0;	/* the caller is killed with everything else */
	case REBOOT_CMD_RESTART:
	case REBOOT_CMD_RESTART2:
		pr_notice("reboot: pid %d: Restarting system", t->proc->pid);
		kernel_halt(true);
		return 0;
	case REBOOT_CMD_SW_SUSPEND:
		return -ENOSYS;
	default:	/* KEXEC and unknown commands */
		return -EINVAL;
	}
}
