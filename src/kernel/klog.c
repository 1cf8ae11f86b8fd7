// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel log: a ring of recent messages, read by the guest with
 * syslog(2) (dmesg) and by the management console, and, at or above the
 * console level, a copy on umk's stderr prefixed "umk: ".  Messages for
 * the user (errors) always show; -v shows the boot log.
 *
 * The ring holds lines as Linux's syslog(2) gives them:
 * "<LEVEL>[SECONDS.MICROS] text\n", LEVEL being Linux's (KERN_ERR 3 ...
 * KERN_DEBUG 7).  Positions are counts of bytes ever written; what fell
 * out of the ring is gone.
 *
 * syslog(2) as Linux, with dmesg_restrict 0 (the kernel's default):
 * everyone may read the whole log (SYSLOG_ACTION_READ_ALL) and ask its
 * size; reading destructively, clearing and the console actions are for
 * guest root (euid 0) alone, EPERM for others.
 */
#include "kernel.h"
#include "mm.h"
#include "sched.h"
#include "signal.h"
#include "syscall.h"
#include "task.h"

#define KLOG_SIZE (64 << 10)

static char ring[KLOG_SIZE];
static size_t ring_head;	/* total bytes ever written */
static size_t read_pos;		/* SYSLOG_ACTION_READ's position */
static size_t clear_pos;	/* SYSLOG_ACTION_CLEAR's position */
static struct waitqueue klog_wq;	/* readers of SYSLOG_ACTION_READ */
static int console_level = LOG_WARN;
static bool console_off;	/* SYSLOG_ACTION_CONSOLE_OFF */
static s64 log_start_ns;

void klog_set_console_level(int level)
{
	console_level = level;
	if (!log_start_ns)
		log_start_ns = host_monotonic_ns();
}

static void ring_append(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ring[(ring_head + i) % KLOG_SIZE] = s[i];
	ring_head += n;
}

void klog(int level, const char *fmt, ...)
{
	char msg[512];
	char line[600];
	va_list ap;
	int n;

	/* debug messages (every page fault...) would push the rest out of
	 * the ring: kept only when they are shown (-vv) */
	if (level > console_level && level >= LOG_DEBUG)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	s64 t = host_monotonic_ns() - log_start_ns;

	/* umk's LOG_ERR..LOG_DEBUG are Linux's 3..7 */
	n = snprintf(line, sizeof(line), "<%d>[%5lld.%06lld] %s\n", level + 3,
		     (long long)(t / 1000000000), (long long)(t % 1000000000 / 1000), msg);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	ring_append(line, n);
	if (waitqueue_active(&klog_wq))
		wake_up(&klog_wq);

	if (level <= console_level && (!console_off || level == LOG_ERR)) {
		n = snprintf(line, sizeof(line), "umk: %s\n", msg);
		host_log_output(line, MIN((size_t)n, sizeof(line) - 1));
	}
}

/* The oldest position still in the ring at or after from, on a line's
 * start (a line cut by the ring's wrap is skipped). */
static size_t klog_start(size_t from)
{
	size_t oldest = ring_head > KLOG_SIZE ? ring_head - KLOG_SIZE : 0;

	if (from >= oldest)
		return from;
	while (oldest < ring_head && ring[(oldest - 1) % KLOG_SIZE] != '\n')
		oldest++;
	return oldest;
}

size_t klog_read(size_t from, char *buf, size_t len)
{
	size_t start = klog_start(from), n = 0;

	while (start + n < ring_head && n < len) {
		buf[n] = ring[(start + n) % KLOG_SIZE];
		n++;
	}
	return n;
}

size_t klog_head(void)
{
	return ring_head;
}

/* The last len bytes (at most) of what is at or after from, starting on
 * a line: where they begin. */
static size_t klog_tail(size_t from, size_t len)
{
	size_t start = klog_start(from);

	if (ring_head - start <= len)
		return start;
	start = ring_head - len;
	while (start < ring_head && ring[(start - 1) % KLOG_SIZE] != '\n')
		start++;
	return start;
}

/* Copy the log from pos to the guest's buf (at most len bytes). */
static long klog_copy_out(struct task *t, size_t pos, struct uptr buf, size_t len)
{
	char tmp[512];
	size_t done = 0;

	while (done < len && pos + done < ring_head) {
		size_t n = klog_read(pos + done, tmp, MIN(sizeof(tmp), len - done));

		if (!n)
			break;
		if (copy_to_user(t, uptr_add(buf, done), tmp, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}

enum {
	SYSLOG_ACTION_CLOSE, SYSLOG_ACTION_OPEN, SYSLOG_ACTION_READ, SYSLOG_ACTION_READ_ALL,
	SYSLOG_ACTION_READ_CLEAR, SYSLOG_ACTION_CLEAR, SYSLOG_ACTION_CONSOLE_OFF,
	SYSLOG_ACTION_CONSOLE_ON, SYSLOG_ACTION_CONSOLE_LEVEL, SYSLOG_ACTION_SIZE_UNREAD,
	SYSLOG_ACTION_SIZE_BUFFER,
};

long sys_syslog(struct task *t, const struct sysargs *a)
{
	int type = (int)a->a[0];
	struct uptr buf = UPTR(a->a[1]);
	int len = (int)a->a[2];
	long ret;

	if (type < SYSLOG_ACTION_CLOSE || type > SYSLOG_ACTION_SIZE_BUFFER)
		return -EINVAL;
	/* dmesg_restrict 0: reading all and the size are for everyone */
	if (type != SYSLOG_ACTION_READ_ALL && type != SYSLOG_ACTION_SIZE_BUFFER &&
	    t->proc->cred.euid != 0)
		return -EPERM;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ:
		if (uptr_null(buf) || len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		while (klog_start(read_pos) >= ring_head) {
			ret = wait_once(&klog_wq);
			if (ret)
				return ret;
		}
		read_pos = klog_start(read_pos);
		ret = klog_copy_out(t, read_pos, buf, len);
		if (ret > 0)
			read_pos += ret;
		return ret;
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (uptr_null(buf) || len < 0)
			return -EINVAL;
		ret = klog_copy_out(t, klog_tail(clear_pos, len), buf, len);
		if (ret >= 0 && type == SYSLOG_ACTION_READ_CLEAR)
			clear_pos = ring_head;
		return ret;
	case SYSLOG_ACTION_CLEAR:
		clear_pos = ring_head;
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
		console_off = true;
		return 0;
	case SYSLOG_ACTION_CONSOLE_ON:
		console_off = false;
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		/* Linux's level len and above are kept off the console;
		 * umk's levels are Linux's minus 3 */
		console_level = MAX(len - 4, -1);
		console_off = false;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return ring_head - klog_start(read_pos);
	case SYSLOG_ACTION_SIZE_BUFFER:
		return KLOG_SIZE;
	}
	return -EINVAL;
}

void kpanic(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	host_panic(msg);
}
