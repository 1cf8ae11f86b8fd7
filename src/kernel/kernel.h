/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every kernel file includes: the Linux ABI (abi/), the two doors to
 * the host (host.h, platform.h), and the kernel's small library: memory for
 * objects, the kernel log, string buffers.
 *
 * Kernel code is compiled without libc headers; see umk/lib.h.
 *
 * Locking: one big kernel lock (host_kernel_lock) is held by any thread
 * that runs kernel code; it is dropped only while a guest runs, while a task
 * sleeps (wait.h) and around long host I/O.  Unless a function says
 * otherwise, the caller holds it.
 */
#ifndef UMK_KERNEL_H
#define UMK_KERNEL_H

#include "umk/lib.h"
#include "umk/host.h"
#include "umk/platform.h"
#include "umk/kernel_entry.h"
#include "abi/errno.h"
#include "abi/types.h"
#include "abi/fcntl.h"
#include "abi/mman.h"
#include "abi/signal.h"
#include "abi/misc.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ALIGN_DOWN(x, a) ((x) & ~((u64)(a) - 1))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((u64)(a) - 1))
#define container_of(p, type, member) \
	((type *)((char *)(p) - __builtin_offsetof(type, member)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __noreturn __attribute__((noreturn))

/* ---- memory for kernel objects (NULL when the host has none) ---- */
static inline void *kmalloc(size_t n)
{
	return host_malloc(n);
}

static inline void *kzalloc(size_t n)
{
	return host_calloc(1, n);
}

static inline void kfree(const void *p)
{
	host_free((void *)p);
}

char *kstrdup(const char *s);
char *kstrndup(const char *s, size_t n);
void *kmemdup(const void *p, size_t n);

/* ---- the kernel log (klog.c) ----
 * Kept in a ring (read by `dmesg`: syslog(2); LOG_DEBUG only with -vv);
 * printed on umk's stderr at or above the console level (-v lowers it to
 * LOG_INFO, -vv to LOG_DEBUG). */
enum { LOG_ERR, LOG_WARN, LOG_NOTICE, LOG_INFO, LOG_DEBUG };
void klog(int level, const char *fmt, ...) __printf(2, 3);
void klog_set_console_level(int level);
/* Up to len bytes of the log from position from (a count of bytes ever
 * logged; what fell out of the ring is skipped): the bytes copied.
 * klog_head: the position after the last byte. */
size_t klog_read(size_t from, char *buf, size_t len);
size_t klog_head(void);
#define pr_err(...) klog(LOG_ERR, __VA_ARGS__)
#define pr_warn(...) klog(LOG_WARN, __VA_ARGS__)
#define pr_notice(...) klog(LOG_NOTICE, __VA_ARGS__)
#define pr_info(...) klog(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) klog(LOG_DEBUG, __VA_ARGS__)
/* Log once per call site. */
#define pr_once(level, ...)                       \
	do {                                      \
		static bool done_;                \
		if (!done_) {                     \
			done_ = true;             \
			klog(level, __VA_ARGS__); \
		}                                 \
	} while (0)

__noreturn void kpanic(const char *fmt, ...) __printf(1, 2);
#define BUG_ON(c)                                                  \
	do {                                                       \
		if (unlikely(c))                                   \
			kpanic("BUG: %s at %s:%d", #c, __FILE__, __LINE__); \
	} while (0)

/* ---- string buffers (procfs files, --trace lines) ----
 * A growing buffer; on allocation failure it stops growing and sets
 * overflow, so callers format without checking each step. */
struct sbuf {
	char *buf;
	size_t len;
	size_t cap;
	bool overflow;
};
void sbuf_init(struct sbuf *sb);
void sbuf_printf(struct sbuf *sb, const char *fmt, ...) __printf(2, 3);
void sbuf_putc(struct sbuf *sb, char c);
void sbuf_append(struct sbuf *sb, const void *p, size_t n);
void sbuf_free(struct sbuf *sb);

/* ---- errno names (errno.c) ---- */
const char *errno_name(int e);
const char *errno_msg(int e);

/* The kernel release guests see in uname(2) and /proc. */
#define UMK_RELEASE "6.1.0-umk"
/* uname's host name and domain name (the host's, or what guest root set:
 * sys/sys_info.c); the other fields as the host gives them */
struct linux_utsname;
void uts_get(struct linux_utsname *u);
void uts_set(bool domain, const char *name, size_t len);	/* len <= 64 */

/* ---- boot (boot.c; struct umk_boot and kernel_main in kernel_entry.h) ---- */
extern const struct umk_boot *boot_params;
/* Host monotonic time at boot, in ns. */
s64 boot_ns(void);

#endif
