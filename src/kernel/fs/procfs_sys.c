// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * procfs: the system-wide files of /proc, generated from umk's state.
 *
 *   self          -> the reader's pid        mounts -> self/mounts
 *   thread-self   -> PID/task/TID of the reader
 *   meminfo       guest memory (frames of the memory file), in kB
 *   cpuinfo       procfs_cpu.c: CPUID's answers (umk does not read the
 *                 host's /proc: the kernel opens no host path)
 *   stat, uptime, loadavg, version, filesystems, vmstat
 *   cmdline       umk's own command line after run or boot (UML shows
 *                 its arguments there)
 *   modules       the umk modules loaded (module.c), as lsmod reads it
 *   umk/          files registered by modules (module.c)
 *   sys/kernel/{ostype, osrelease, hostname, domainname (uname's,
 *   sys_info.c; root may write them), ngroups_max, pid_max,
 *   core_pattern, random/{boot_id, uuid, entropy_avail, poolsize}}
 *   sys/fs/{file-max, file-nr, nr_open, pipe-max-size, mount-max,
 *   overflowuid, overflowgid, protected_*, suid_dumpable}: umk's limits
 *   and rules (it does not protect sticky directories' links: 0)
 *   sys/fs/inotify/{max_queued_events, max_user_instances,
 *   max_user_watches} (read-only)
 *
 * Load averages and system CPU times are not measured yet and show as 0;
 * the processes' own CPU time (the stubs') shows as user time in stat.
 */
#include "kernel.h"
#include "task.h"
#include "mm.h"
#include "vfs/vfs.h"
#include "vfs/fsnotify.h"
#include "fs/procfs.h"

#define PID_MAX_SHOWN	32768		/* task.c: pids 1..32767 */
#define FILE_MAX	9223372036854775807ULL
#define NR_OPEN		1048576		/* fdtable.c: FD_MAX_HARD */
#define PIPE_MAX_SIZE	1048576		/* pipe.c */

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

static long link_thread_self(struct process *p, struct task *reader,
			     char *buf, size_t len)
{
	char tmp[32];
	size_t n;

	if (!reader)
		return -ENOENT;
	n = snprintf(tmp, sizeof(tmp), "%d/task/%d", task_pid(reader),
		     reader->tid);
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
	u64 shmem = pagecache_frames() * (PAGE_SIZE / 1024);
	u64 used = total - free;
	u64 anon = used > shmem ? used - shmem : 0;

	sbuf_printf(sb,
		    "MemTotal:       %8llu kB\n"
		    "MemFree:        %8llu kB\n"
		    "MemAvailable:   %8llu kB\n"
		    "Buffers:        %8u kB\n"
		    "Cached:         %8llu kB\n"
		    "SwapCached:     %8u kB\n"
		    "Active:         %8llu kB\n"
		    "Inactive:       %8u kB\n"
		    "SwapTotal:      %8u kB\n"
		    "SwapFree:       %8u kB\n"
		    "Dirty:          %8u kB\n"
		    "AnonPages:      %8llu kB\n"
		    "Mapped:         %8u kB\n"
		    "Shmem:          %8llu kB\n"
		    "Slab:           %8u kB\n"
		    "SReclaimable:   %8u kB\n"
		    "SUnreclaim:     %8u kB\n"
		    "CommitLimit:    %8llu kB\n"
		    "Committed_AS:   %8llu kB\n",
		    (unsigned long long)total, (unsigned long long)free,
		    (unsigned long long)free, 0,
		    (unsigned long long)shmem, 0,
		    (unsigned long long)used, 0, 0, 0, 0,
		    (unsigned long long)anon, 0,
		    (unsigned long long)shmem, 0, 0, 0,
		    (unsigned long long)total,
		    (unsigned long long)used);
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

/* The guests' CPU time (ns): the living processes' stubs and what the
 * ended ones left with init's accounts. */
static s64 guest_cpu_ns(void)
{
	struct process *q;
	s64 ns = 0;

	for (q = process_next(NULL); q; q = process_next(q)) {
		if (q->mm && q->mm->as)
			ns += plat_as_cpu_ns(q->mm->as);
		if (!q->parent)
			ns += q->cutime_ns;
	}
	return ns;
}

static int show_stat(struct sbuf *sb, struct process *p, struct task *r)
{
	struct linux_timespec now = vfs_now();
	int i, n = host_ncpus(), running = 0;
	s64 up = uptime_ns() / 10000000, user = guest_cpu_ns() / 10000000;
	s64 idle = up * n > user ? up * n - user : 0;
	struct process *q;
	struct task *t;

	for (q = process_next(NULL); q; q = process_next(q))
		for (t = q->threads; t; t = t->next_thread)
			running += t->in_guest || t == r;
	sbuf_printf(sb, "cpu  %lld 0 0 %lld 0 0 0 0 0 0\n", (long long)user,
		    (long long)idle);
	for (i = 0; i < n; i++)
		sbuf_printf(sb, "cpu%d %lld 0 0 %lld 0 0 0 0 0 0\n", i,
			    (long long)(user / n), (long long)(idle / n));
	sbuf_printf(sb,
		    "intr 0\nctxt 0\nbtime %lld\nprocesses %d\n"
		    "procs_running %d\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 "
		    "0 0 0 0\n",
		    (long long)(now.tv_sec - uptime_ns() / 1000000000),
		    process_count(), running);
	return 0;
}

/* What vmstat(8) needs: the memory counts (in pages) and the event
 * counters umk does not keep (0). */
static int show_vmstat(struct sbuf *sb, struct process *p, struct task *r)
{
	static const char *const zero[] = {
		"pgpgin", "pgpgout", "pswpin", "pswpout", "pgfault",
		"pgmajfault", "pgfree", "pgactivate", "pgdeactivate",
		"pgsteal_kswapd", "pgsteal_direct", "pgscan_kswapd",
		"pgscan_direct", "pginodesteal", "slabs_scanned", "kswapd_steal",
		"kswapd_inodesteal", "pageoutrun", "allocstall", "pgrotated",
	};
	u64 total = phys_total_frames(), free = phys_free_frames();
	unsigned i;

	sbuf_printf(sb, "nr_free_pages %llu\nnr_inactive_anon 0\n"
		    "nr_active_anon %llu\nnr_inactive_file 0\n"
		    "nr_active_file 0\nnr_unevictable 0\nnr_mlock 0\n"
		    "nr_anon_pages %llu\nnr_mapped 0\nnr_file_pages 0\n"
		    "nr_dirty 0\nnr_writeback 0\nnr_shmem 0\n",
		    (unsigned long long)free,
		    (unsigned long long)(total - free),
		    (unsigned long long)(total - free));
	for (i = 0; i < ARRAY_SIZE(zero); i++)
		sbuf_printf(sb, "%s 0\n", zero[i]);
	return 0;
}

static int show_version(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "Linux version %s (umk@umk) (umk %s) #1 SMP umk %s\n",
		    UMK_RELEASE, UMK_VERSION, UMK_VERSION);
	return 0;
}

/* the kernel command line: umk's (boot.cmdline), as UML shows its own */
static int show_cmdline(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "%s\n", boot_params->cmdline ? boot_params->cmdline : "");
	return 0;
}

static int show_filesystems(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\n"
			"nodev\tdevtmpfs\nnodev\thostfs\n"
			"nodev\tanon_inodefs\n");
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

	uts_get(&u);
	sbuf_printf(sb, "%s\n", u.nodename);
	return 0;
}

static int show_domainname(struct sbuf *sb, struct process *p, struct task *r)
{
	struct linux_utsname u;

	uts_get(&u);
	sbuf_printf(sb, "%s\n", u.domainname);
	return 0;
}

/* A write sets the name, as sethostname would: up to the first newline,
 * at most 64 bytes (procfs.c passes no more); the file's mode (0644)
 * lets only root write. */
static long write_uts(bool domain, const char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && n < 64 && buf[n] != '\n')
		n++;
	uts_set(domain, buf, n);
	return len;
}

static long write_hostname(struct process *p, struct task *t, struct task *w,
			   const char *buf, size_t len)
{
	return write_uts(false, buf, len);
}

static long write_domainname(struct process *p, struct task *t, struct task *w,
			     const char *buf, size_t len)
{
	return write_uts(true, buf, len);
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

/* ---- sys/kernel/random ---- */

/* A random (version 4) UUID, as Linux's. */
static int put_uuid(struct sbuf *sb, u8 *u)
{
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
	sbuf_printf(sb, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		    "%02x%02x%02x%02x%02x%02x\n", u[0], u[1], u[2], u[3], u[4],
		    u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		    u[14], u[15]);
	return 0;
}

static int show_uuid(struct sbuf *sb, struct process *p, struct task *r)
{
	u8 u[16];
	int err = host_getrandom(u, sizeof(u));

	return err ? err : put_uuid(sb, u);
}

/* The same for the whole boot: chosen at the first read. */
static int show_boot_id(struct sbuf *sb, struct process *p, struct task *r)
{
	static u8 id[16];
	static bool chosen;
	u8 u[16];

	if (!chosen) {
		int err = host_getrandom(id, sizeof(id));

		if (err)
			return err;
		chosen = true;
	}
	memcpy(u, id, sizeof(u));
	return put_uuid(sb, u);
}

/* The host's getrandom never blocks after its boot: a full pool. */
static int show_256(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "256\n");
	return 0;
}

/* ---- sys/fs ---- */

static int show_file_max(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "%llu\n", FILE_MAX);
	return 0;
}

/* Open files: each fd table's files (a file in two tables counts twice,
 * near enough for a statistic). */
static int show_file_nr(struct sbuf *sb, struct process *p, struct task *r)
{
	struct process *q;
	u64 n = 0;
	int i;

	for (q = process_next(NULL); q; q = process_next(q))
		for (i = 0; q->files && i < q->files->size; i++)
			n += q->files->fd[i] != NULL;
	sbuf_printf(sb, "%llu\t0\t%llu\n", (unsigned long long)n, FILE_MAX);
	return 0;
}

static int show_nr_open(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "%d\n", NR_OPEN);
	return 0;
}

static int show_pipe_max_size(struct sbuf *sb, struct process *p,
			      struct task *r)
{
	sbuf_printf(sb, "%d\n", PIPE_MAX_SIZE);
	return 0;
}

static int show_mount_max(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "100000\n");
	return 0;
}

static int show_overflowid(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "%d\n", NOBODY_ID);
	return 0;
}

static int show_zero(struct sbuf *sb, struct process *p, struct task *r)
{
	sbuf_printf(sb, "0\n");
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

static const struct proc_entry sys_kernel_random_entries[] = {
	FILE("boot_id", 0444, show_boot_id),
	FILE("entropy_avail", 0444, show_256),
	FILE("poolsize", 0444, show_256),
	FILE("uuid", 0444, show_uuid),
	{ NULL },
};

static const struct proc_entry sys_kernel_entries[] = {
	FILE("core_pattern", 0444, show_core_pattern),
	{ "domainname", S_IFREG | 0644, PROC_FILE, .show = show_domainname,
	  .write = write_domainname },
	{ "hostname", S_IFREG | 0644, PROC_FILE, .show = show_hostname,
	  .write = write_hostname },
	FILE("ngroups_max", 0444, show_ngroups_max),
	FILE("osrelease", 0444, show_osrelease),
	FILE("ostype", 0444, show_ostype),
	FILE("pid_max", 0444, show_pid_max),
	{ "random", S_IFDIR | 0555, PROC_DIR, .sub = sys_kernel_random_entries },
	{ NULL },
};

static const struct proc_entry sys_fs_entries[] = {
	FILE("file-max", 0444, show_file_max),
	FILE("file-nr", 0444, show_file_nr),
	{ "inotify", S_IFDIR | 0555, PROC_DIR, .sub = sys_fs_inotify_entries },
	FILE("mount-max", 0444, show_mount_max),
	FILE("nr_open", 0444, show_nr_open),
	FILE("overflowgid", 0444, show_overflowid),
	FILE("overflowuid", 0444, show_overflowid),
	FILE("pipe-max-size", 0444, show_pipe_max_size),
	FILE("protected_fifos", 0444, show_zero),
	FILE("protected_hardlinks", 0444, show_zero),
	FILE("protected_regular", 0444, show_zero),
	FILE("protected_symlinks", 0444, show_zero),
	FILE("suid_dumpable", 0444, show_zero),
	{ NULL },
};

static const struct proc_entry sys_entries[] = {
	{ "fs", S_IFDIR | 0555, PROC_DIR, .sub = sys_fs_entries },
	{ "kernel", S_IFDIR | 0555, PROC_DIR, .sub = sys_kernel_entries },
	{ NULL },
};

const struct proc_entry proc_root_entries[] = {
	{ "self", S_IFLNK | 0777, PROC_LINK, .link = link_self },
	{ "thread-self", S_IFLNK | 0777, PROC_LINK, .link = link_thread_self },
	{ "mounts", S_IFLNK | 0777, PROC_LINK, .link = link_mounts },
	FILE("cmdline", 0444, show_cmdline),
	FILE("cpuinfo", 0444, proc_show_cpuinfo),
	FILE("filesystems", 0444, show_filesystems),
	FILE("loadavg", 0444, show_loadavg),
	FILE("meminfo", 0444, show_meminfo),
	FILE("modules", 0444, proc_show_modules),
	FILE("stat", 0444, show_stat),
	FILE("uptime", 0444, show_uptime),
	FILE("version", 0444, show_version),
	FILE("vmstat", 0444, show_vmstat),
	{ "sys", S_IFDIR | 0555, PROC_DIR, .sub = sys_entries },
	{ "umk", S_IFDIR | 0555, PROC_DIR, .sub = proc_umk_entries },
	{ NULL },
};
