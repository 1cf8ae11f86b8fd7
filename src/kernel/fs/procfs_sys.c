// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * procfs: the system-wide files of /proc, generated from umk's state.
 *
 *   self          -> the reader's pid        mounts -> self/mounts
 *   meminfo       guest memory (frames of the memory file), in kB
 *   cpuinfo       a minimal one, host_ncpus() processors (umk does not
 *                 read the host's /proc: the kernel opens no host path)
 *   stat, uptime, loadavg, version, filesystems
 *   modules       the umk modules loaded (module.c), as lsmod reads it
 *   umk/          files registered by modules (module.c)
 *   sys/kernel/{ostype, osrelease, hostname, ngroups_max, pid_max,
 *   core_pattern}
 *   sys/fs/inotify/{max_queued_events, max_user_instances,
 *   max_user_watches} (read-only)
 *
 * Load averages and CPU times are not measured yet and show as 0.
 */
#include "kernel.h"
#include "task.h"
#include "mm.h"
#include "vfs/vfs.h"
#include "vfs/fsnotify.h"
#include "fs/procfs.h"

#define PID_MAX_SHOWN	4194304

static long link_self(struct process *p, struct task *reader, char *buf,
		      size_t len)
{
	char tmp[16];
	size_t n;

	if (!reader)
		return -ENOENT;
	n = snprintf(tmp, sizeof(tmp), "%d", task_pid(reader));
	n = MIN(n, len);
	memcpy(buf, tmp, n);
	return n;
}

static long link_mounts(struct process *p, struct task *reader, char *buf,
			size_t len)
{
	static const char text[] = "self/mounts";
	size_t n = MIN(sizeof(text) - 1, len);

	memcpy(buf, text, n);
	return n;
}

static int show_meminfo(struct sbuf *sb, struct process *p, struct task *r)
{
	u64 total = phys_total_frames() * (PAGE_SIZE / 1024);
	u64 free = phys_free_frames() * (PAGE_SIZE / 1024);

	sbuf_printf(sb,
		    "MemTotal:       %8llu kB\n"
		    "MemFree:        %8llu kB\n"
		    "MemAvailable:   %8llu kB\n"
		    "Buffers:        %8u kB\n"
		    "Cached:         %8u kB\n"
		    "SwapCached:     %8u kB\n"
		    "Active:         %8llu kB\n"
		    "Inactive:       %8u kB\n"
		    "SwapTotal:      %8u kB\n"
		    "SwapFree:       %8u kB\n"
		    "Dirty:          %8u kB\n"
		    "AnonPages:      %8llu kB\n"
		    "Mapped:         %8u kB\n"
		    "Shmem:          %8u kB\n"
		    "Slab:           %8u kB\n"
		    "SReclaimable:   %8u kB\n"
		    "SUnreclaim:     %8u kB\n"
		    "CommitLimit:    %8llu kB\n"
		    "Committed_AS:   %8llu kB\n",
		    (unsigned long long)total, (unsigned long long)free,
		    (unsigned long long)free, 0, 0, 0,
		    (unsigned long long)(total - free), 0, 0, 0, 0,
		    (unsigned long long)(total - free), 0, 0, 0, 0, 0,
		    (unsigned long long)total,
		    (unsigned long long)(total - free));
	return 0;
}

static int show_cpuinfo(struct sbuf *sb, struct process *p, struct task *r)
{
	int i, n = host_ncpus();

	for (i = 0; i < n; i++)
		sbuf_printf(sb,
			    "processor\t: %d\n"
			    "vendor_id\t: umk\n"
			    "cpu family\t: 6\n"
			    "model\t\t: 0\n"
			    "model name\t: umk virtual CPU\n"
			    "stepping\t: 0\n"
			    "physical id\t: 0\n"
			    "siblings\t: %d\n"
			    "core id\t\t: %d\n"
			    "cpu cores\t: %d\n"
			    "fpu\t\t: yes\n"
			    "flags\t\t: fpu sse sse2\n"
			    "bogomips\t: 1000.00\n"
			    "address sizes\t: 48 bits physical, 48 bits virtual\n"
			    "\n",
			    i, n, i, n);
	return 0;
}

static s64 uptime_ns(void)
{
	return host_monotonic_ns() - boot_ns();
}

static int show_uptime(struct sbuf *sb, struct process *p, struct task *r)
{
	s64 up = uptime_ns() / 10000000;	/* hundredths */
	s64 idle = up * host_ncpus();

	sbuf_printf(sb, "%lld.%02lld %lld.%02lld\n", (long long)(up / 100),
		    (long long)(up % 100), (long long)(idle / 100),
		    (long long)(idle % 100));
	return 0;
}

static int show_loadavg(struct sbuf *sb, struct process *p, struct task *r)
{
	struct process *q;
	int last = 0;

	for (q = process_next(NULL); q; q = process_next(q))
		last = q->pid;
	sbuf_printf(sb, "0.00 0.00 0.00 1/%d %d\n", process_count(), last);
	return 0;
}

static int show_stat(struct sbuf *sb, struct process *p, struct task *r)
{
	struct linux_timespec now = vfs_now();
	int i, n = host_ncpus();

	sbuf_printf(sb, "cpu  0 0 0 0 0 0 0 0 0 0\n");
	for (i = 0; i < n; i++)
		sbuf_printf(sb, "cpu%d 0 0 0 0 0 0 0 0 0 0\n", i);
	sbuf_printf(sb,
		    "intr 0\nctxt 0\nbtime %lld\nprocesses %d\n"
		    "procs_running 1\nprocs_blocked 0\nsoftirq 0\n",
		    (long long)(now.tv_sec - uptime_ns() / 1000000000),
		    process_count());
	return 0;
}

static int show_version(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "Linux version %s (umk@umk) (umk %s) #1 SMP umk %s\n",
		    UMK_RELEASE, UMK_VERSION, UMK_VERSION);
	return 0;
}

static int show_filesystems(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "nodev\tproc\nnodev\ttmpfs\nnodev\tdevtmpfs\n"
			"nodev\thostfs\nnodev\tanon_inodefs\n");
	return 0;
}

static int show_ostype(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "Linux\n");
	return 0;
}

static int show_osrelease(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "%s\n", UMK_RELEASE);
	return 0;
}

static int show_hostname(struct sbuf *sb, struct process *p, struct task *r)
{
	struct linux_utsname u;

	memset(&u, 0, sizeof(u));
	host_uname(&u);
	u.nodename[sizeof(u.nodename) - 1] = '\0';
	sbuf_printf(sb, "%s\n", u.nodename[0] ? u.nodename : "localhost");
	return 0;
}

/* coredump.c writes "core" in the working directory, Linux's default */
static int show_core_pattern(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "core\n");
	return 0;
}

static int show_ngroups_max(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "65536\n");
	return 0;
}

static int show_pid_max(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "%d\n", PID_MAX_SHOWN);
	return 0;
}

static int show_inotify_queued(struct sbuf *sb, struct process *p,
			       struct task *r)
{
	sbuf_printf(sb, "%u\n", inotify_max_queued_events);
	return 0;
}

static int show_inotify_instances(struct sbuf *sb, struct process *p,
				  struct task *r)
{
	sbuf_printf(sb, "%u\n", inotify_max_user_instances);
	return 0;
}

static int show_inotify_watches(struct sbuf *sb, struct process *p,
				struct task *r)
{
	sbuf_printf(sb, "%u\n", inotify_limit_user_watches());
	return 0;
}

#define FILE(n, m, fn) { n, S_IFREG | (m), PROC_FILE, .show = fn }

static const struct proc_entry sys_fs_inotify_entries[] = {
	FILE("max_queued_events", 0444, show_inotify_queued),
	FILE("max_user_instances", 0444, show_inotify_instances),
	FILE("max_user_watches", 0444, show_inotify_watches),
	{ NULL },
};

static const struct proc_entry sys_fs_entries[] = {
	{ "inotify", S_IFDIR | 0555, PROC_DIR, .sub = sys_fs_inotify_entries },
	{ NULL },
};

static const struct proc_entry sys_kernel_entries[] = {
	FILE("core_pattern", 0444, show_core_pattern),
	FILE("hostname", 0444, show_hostname),
	FILE("ngroups_max", 0444, show_ngroups_max),
	FILE("osrelease", 0444, show_osrelease),
	FILE("ostype", 0444, show_ostype),
	FILE("pid_max", 0444, show_pid_max),
	{ NULL },
};

static const struct proc_entry sys_entries[] = {
	{ "fs", S_IFDIR | 0555, PROC_DIR, .sub = sys_fs_entries },
	{ "kernel", S_IFDIR | 0555, PROC_DIR, .sub = sys_kernel_entries },
	{ NULL },
};

const struct proc_entry proc_root_entries[] = {
	{ "self", S_IFLNK | 0777, PROC_LINK, .link = link_self },
	{ "mounts", S_IFLNK | 0777, PROC_LINK, .link = link_mounts },
	FILE("cpuinfo", 0444, show_cpuinfo),
	FILE("filesystems", 0444, show_filesystems),
	FILE("loadavg", 0444, show_loadavg),
	FILE("meminfo", 0444, show_meminfo),
	FILE("modules", 0444, proc_show_modules),
	FILE("stat", 0444, show_stat),
	FILE("uptime", 0444, show_uptime),
	FILE("version", 0444, show_version),
	{ "sys", S_IFDIR | 0555, PROC_DIR, .sub = sys_entries },
	{ "umk", S_IFDIR | 0555, PROC_DIR, .sub = proc_umk_entries },
	{ NULL },
};
