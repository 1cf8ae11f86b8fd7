// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --trace: every guest syscall as a line in strace's format, written from
 * umk's side:  [pid N] openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3
 * Arguments are decoded from the kinds in the syscall table; strings and
 * input buffers are read at entry, output buffers at exit.
 */
#include "kernel.h"
#include "syscall.h"
#include "signal.h"

int trace_fd = -1;

#define STRMAX 32	/* bytes of a buffer shown, as strace does */

struct flagname {
	u64 bit;
	const char *name;
};

static const struct flagname open_flags[] = {
	{ O_CREAT, "O_CREAT" }, { O_EXCL, "O_EXCL" }, { O_NOCTTY, "O_NOCTTY" },
	{ O_TRUNC, "O_TRUNC" }, { O_APPEND, "O_APPEND" }, { O_NONBLOCK, "O_NONBLOCK" },
	{ __O_SYNC, "O_SYNC" }, { O_DSYNC, "O_DSYNC" }, { FASYNC, "O_ASYNC" },
	{ O_DIRECT, "O_DIRECT" }, { O_LARGEFILE, "O_LARGEFILE" },
	{ O_DIRECTORY, "O_DIRECTORY" }, { O_NOFOLLOW, "O_NOFOLLOW" },
	{ O_NOATIME, "O_NOATIME" }, { O_CLOEXEC, "O_CLOEXEC" }, { O_PATH, "O_PATH" },
	{ __O_TMPFILE, "O_TMPFILE" }, { 0, NULL }
};

static const struct flagname prot_flags[] = {
	{ PROT_READ, "PROT_READ" }, { PROT_WRITE, "PROT_WRITE" },
	{ PROT_EXEC, "PROT_EXEC" }, { PROT_GROWSDOWN, "PROT_GROWSDOWN" }, { 0, NULL }
};

static const struct flagname map_flags[] = {
	{ MAP_FIXED, "MAP_FIXED" }, { MAP_ANONYMOUS, "MAP_ANONYMOUS" },
	{ MAP_32BIT, "MAP_32BIT" }, { MAP_GROWSDOWN, "MAP_GROWSDOWN" },
	{ MAP_DENYWRITE, "MAP_DENYWRITE" }, { MAP_EXECUTABLE, "MAP_EXECUTABLE" },
	{ MAP_LOCKED, "MAP_LOCKED" }, { MAP_NORESERVE, "MAP_NORESERVE" },
	{ MAP_POPULATE, "MAP_POPULATE" }, { MAP_NONBLOCK, "MAP_NONBLOCK" },
	{ MAP_STACK, "MAP_STACK" }, { MAP_HUGETLB, "MAP_HUGETLB" },
	{ MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE" }, { 0, NULL }
};

static void put_flags(struct sbuf *sb, u64 v, const struct flagname *f,
		      const char *zero)
{
	bool any = false;

	if (!v) {
		sbuf_printf(sb, "%s", zero ? zero : "0");
		return;
	}
	for (; f->name; f++) {
		if (v & f->bit) {
			sbuf_printf(sb, "%s%s", any ? "|" : "", f->name);
			v &= ~f->bit;
			any = true;
		}
	}
	if (v)
		sbuf_printf(sb, "%s%#llx", any ? "|" : "", (unsigned long long)v);
}

/* A guest buffer as a C string literal, at most STRMAX bytes shown. */
static void put_buf(struct task *t, struct sbuf *sb, u64 addr, u64 len, bool cstr)
{
	u8 buf[STRMAX + 1];
	size_t n = MIN(len, (u64)STRMAX + (cstr ? 1 : 0));
	size_t shown = 0;

	if (!addr) {
		sbuf_printf(sb, "NULL");
		return;
	}
	if (cstr) {
		long l = strncpy_from_user(t, (char *)buf, UPTR(addr), sizeof(buf));

		if (l == -EFAULT) {
			sbuf_printf(sb, "%#llx", (unsigned long long)addr);
			return;
		}
		n = l < 0 ? STRMAX : (size_t)l;
		len = l < 0 ? STRMAX + 1 : (size_t)l;
	} else if (copy_from_user(t, buf, UPTR(addr), n)) {
		sbuf_printf(sb, "%#llx", (unsigned long long)addr);
		return;
	}
	sbuf_putc(sb, '"');
	for (size_t i = 0; i < n && shown < STRMAX; i++, shown++) {
		u8 c = buf[i];

		switch (c) {
		case '"': sbuf_printf(sb, "\\\""); break;
		case '\\': sbuf_printf(sb, "\\\\"); break;
		case '\n': sbuf_printf(sb, "\\n"); break;
		case '\t': sbuf_printf(sb, "\\t"); break;
		case '\r': sbuf_printf(sb, "\\r"); break;
		default:
			if (c >= 0x20 && c < 0x7f)
				sbuf_putc(sb, c);
			else
				sbuf_printf(sb, "\\%o", c);
		}
	}
	sbuf_putc(sb, '"');
	if (len > shown)
		sbuf_printf(sb, "...");
}

static void put_arg(struct task *t, struct sbuf *sb, char kind, u64 v,
		    const struct sysargs *a, int i, long ret, bool done)
{
	switch (kind) {
	case 'a':
		if ((int)v == AT_FDCWD) {
			sbuf_printf(sb, "AT_FDCWD");
			break;
		}
		/* fall through */
	case 'd':
	case 'i':
	case 'S':
	case 'k':
		if (kind == 'S' && signal_name((int)v))
			sbuf_printf(sb, "%s", signal_name((int)v));
		else
			sbuf_printf(sb, "%d", (int)v);
		break;
	case 'u':
		sbuf_printf(sb, "%llu", (unsigned long long)v);
		break;
	case 'm':
		sbuf_printf(sb, "%#llo", (unsigned long long)v);
		break;
	case 'w':
		sbuf_printf(sb, "%s", v == SEEK_SET ? "SEEK_SET" : v == SEEK_CUR ? "SEEK_CUR" :
			     v == SEEK_END ? "SEEK_END" : "?");
		break;
	case 's':
		put_buf(t, sb, v, PATH_MAX, true);
		break;
	case 'b':
		put_buf(t, sb, v, i < 5 ? a->a[i + 1] : 0, false);
		break;
	case 'B':
		if (done && ret >= 0)
			put_buf(t, sb, v, ret, false);
		else
			sbuf_printf(sb, "%#llx", (unsigned long long)v);
		break;
	case 'o':
		if ((v & O_ACCMODE) == O_RDONLY)
			sbuf_printf(sb, "O_RDONLY");
		else if ((v & O_ACCMODE) == O_WRONLY)
			sbuf_printf(sb, "O_WRONLY");
		else
			sbuf_printf(sb, (v & O_ACCMODE) == O_RDWR ? "O_RDWR" : "O_ACCMODE");
		if (v & ~(u64)O_ACCMODE) {
			sbuf_putc(sb, '|');
			put_flags(sb, v & ~(u64)O_ACCMODE, open_flags, NULL);
		}
		break;
	case 'P':
		put_flags(sb, v, prot_flags, "PROT_NONE");
		break;
	case 'M':
		sbuf_printf(sb, "%s", (v & MAP_TYPE) == MAP_SHARED ? "MAP_SHARED" :
			     (v & MAP_TYPE) == MAP_PRIVATE ? "MAP_PRIVATE" : "MAP_SHARED_VALIDATE");
		if (v & ~(u64)MAP_TYPE) {
			sbuf_putc(sb, '|');
			put_flags(sb, v & ~(u64)MAP_TYPE, map_flags, NULL);
		}
		break;
	case 'p':
	case 'v':
	case 'x':
	default:
		if (kind == 'p' && !v)
			sbuf_printf(sb, "NULL");
		else
			sbuf_printf(sb, "%#llx", (unsigned long long)v);
		break;
	}
}

/* Strings are read at entry (execve replaces the memory they are in);
 * everything is printed at exit, when the result is known. */
static char entry_args[6][STRMAX * 4 + 16];

void trace_enter(struct task *t, const struct sysargs *a,
		 const struct syscall_info *si)
{
	const char *kinds = si ? si->args : "";

	for (int i = 0; kinds[i] && i < 6; i++) {
		struct sbuf sb;

		entry_args[i][0] = 0;
		if (kinds[i] != 's' && kinds[i] != 'b')
			continue;
		sbuf_init(&sb);
		put_arg(t, &sb, kinds[i], a->a[i], a, i, 0, false);
		if (sb.buf)
			snprintf(entry_args[i], sizeof(entry_args[i]), "%s", sb.buf);
		sbuf_free(&sb);
	}
}

void trace_exit(struct task *t, const struct sysargs *a,
		const struct syscall_info *si, long ret)
{
	struct sbuf sb;
	const char *kinds = si ? si->args : "";

	sbuf_init(&sb);
	if (task_pid(t) != 1)
		sbuf_printf(&sb, "[pid %5d] ", task_pid(t));
	if (si)
		sbuf_printf(&sb, "%s(", si->name);
	else
		sbuf_printf(&sb, "syscall_%llu(", (unsigned long long)a->nr);
	for (int i = 0; kinds[i] && i < 6; i++) {
		if (i)
			sbuf_printf(&sb, ", ");
		if (kinds[i] == 's' || kinds[i] == 'b')
			sbuf_printf(&sb, "%s", entry_args[i]);
		else
			put_arg(t, &sb, kinds[i], a->a[i], a, i, ret, true);
	}
	if (t->regs_replaced && ret == 0)
		sbuf_printf(&sb, ") = 0\n");
	else if (ret < 0 && ret >= -MAX_ERRNO && errno_name(-ret))
		sbuf_printf(&sb, ") = -1 %s (%s)\n", errno_name(-ret), errno_msg(-ret));
	else if (si && (!strcmp(si->name, "mmap") || !strcmp(si->name, "brk") ||
			!strcmp(si->name, "mremap")))
		sbuf_printf(&sb, ") = %#llx\n", (unsigned long long)ret);
	else
		sbuf_printf(&sb, ") = %ld\n", ret);
	if (sb.buf)
		host_write(trace_fd, sb.buf, sb.len);
	sbuf_free(&sb);
}

void trace_event(struct task *t, const char *fmt, ...)
{
	char msg[256];
	char line[300];
	va_list ap;
	int n;

	if (trace_fd < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (task_pid(t) != 1)
		n = snprintf(line, sizeof(line), "[pid %5d] +++ %s +++\n", task_pid(t), msg);
	else
		n = snprintf(line, sizeof(line), "+++ %s +++\n", msg);
	host_write(trace_fd, line, MIN((size_t)n, sizeof(line) - 1));
}
