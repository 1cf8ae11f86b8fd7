// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sysfs: a minimal /sys, enough for the programs that count CPUs from it
 * (glibc's get_nprocs and get_nprocs_conf, nproc, sysconf).
 *
 *   devices/system/cpu/{online, possible, present}   "0-N": host_ncpus()
 *   devices/system/cpu/offline                        empty
 *   kernel/, fs/, class/, bus/                        empty directories
 *
 * It is made of entry tables like /proc (procfs.c's proc_tree_new), with
 * no per-process part.  Everything is read-only.
 */
#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"
#include "fs/procfs.h"

#define SYSFS_MAGIC	0x62656572

static int show_cpu_range(struct sbuf *sb, struct process *p, struct task *r)
{
	int n = host_ncpus();

	if (n > 1)
		sbuf_printf(sb, "0-%d\n", n - 1);
	else
		sbuf_printf(sb, "0\n");
	return 0;
}

static int show_empty_line(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_putc(sb, '\n');
	return 0;
}

#define FILE(n, m, fn) { n, S_IFREG | (m), PROC_FILE, .show = fn }
#define DIR(n, s) { n, S_IFDIR | 0755, PROC_DIR, .sub = s }

static const struct proc_entry no_entries[] = {
	{ NULL },
};

static const struct proc_entry cpu_entries[] = {
	FILE("offline", 0444, show_empty_line),
	FILE("online", 0444, show_cpu_range),
	FILE("possible", 0444, show_cpu_range),
	FILE("present", 0444, show_cpu_range),
	{ NULL },
};

static const struct proc_entry system_entries[] = {
	DIR("cpu", cpu_entries),
	{ NULL },
};

static const struct proc_entry devices_entries[] = {
	DIR("system", system_entries),
	{ NULL },
};

static const struct proc_entry sysfs_root_entries[] = {
	DIR("bus", no_entries),
	DIR("class", no_entries),
	DIR("devices", devices_entries),
	DIR("fs", no_entries),
	DIR("kernel", no_entries),
	{ NULL },
};

static const struct proc_entry sysfs_root = DIR("/", sysfs_root_entries);

int sysfs_new(struct super_block **sbp, struct inode **rootp)
{
	return proc_tree_new("sysfs", SYSFS_MAGIC, &sysfs_root, sbp, rootp);
}
