/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * procfs's own pieces, shared by procfs.c (the file system: directories,
 * lookup, links, reading generated text), procfs_pid.c (what /proc/PID
 * shows) and procfs_sys.c (the system-wide files).
 *
 * Every file is described by a struct proc_entry in a table.  Regular
 * files are generated whole when opened (show() into an sbuf) and read
 * from that snapshot, as Linux's seq_file does; symlinks give their text
 * with link(), and magic links (exe, cwd, root, fd/N) also the place they
 * stand for with get().
 */
#ifndef UMK_FS_PROCFS_H
#define UMK_FS_PROCFS_H

#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"

enum proc_kind {
	PROC_FILE,
	PROC_LINK,
	PROC_DIR,		/* children in sub[] */
	PROC_ROOT,		/* /proc: sub[] and one directory per process */
	PROC_PID_DIR,		/* /proc/PID: proc_pid_entries */
	PROC_FD_DIR,		/* /proc/PID/fd: one link per open fd */
	PROC_FD_LINK,		/* /proc/PID/fd/N */
	PROC_FDINFO_DIR,	/* /proc/PID/fdinfo: one file per open fd */
	PROC_FDINFO_FILE,	/* /proc/PID/fdinfo/N */
	PROC_TASK_DIR,		/* /proc/PID/task: one directory per thread */
	PROC_TID_DIR,		/* /proc/PID/task/TID: proc_tid_entries */
};

struct proc_entry {
	const char *name;
	u32 mode;			/* S_IF* and permission bits */
	enum proc_kind kind;
	/* PROC_FILE: the contents.  p is the process of /proc/PID (NULL
	 * outside), reader the task that opens the file. */
	int (*show)(struct sbuf *sb, struct process *p, struct task *reader);
	/* PROC_LINK: the text; magic links also have get(). */
	long (*link)(struct process *p, struct task *reader, char *buf,
		     size_t len);
	int (*get)(struct process *p, struct path *out);
	/* PROC_DIR, PROC_ROOT: children, ended by an entry without name */
	const struct proc_entry *sub;
	/* PROC_FILE whose contents depend on the thread: used instead of
	 * show().  thread is the task of /proc/PID/task/TID, NULL for
	 * /proc/PID itself (the process as a whole). */
	int (*show_thread)(struct sbuf *sb, struct process *p,
			   struct task *thread, struct task *reader);
	/* Only for who may inspect the process (Linux's ptrace read check:
	 * root or the same uid): its memory layout and environment. */
	bool inspect;
	/* A file that may be written: the bytes of one write(2), by w;
	 * returns the bytes taken or -errno. */
	long (*write)(struct process *p, struct task *thread, struct task *w,
		      const char *buf, size_t len);
	/* PROC_FILE: instead of show, the contents by entry (module.c) */
	int (*show_entry)(struct sbuf *sb, const struct proc_entry *ent);
};

extern const struct proc_entry proc_root_entries[];	/* procfs_sys.c */
extern const struct proc_entry proc_pid_entries[];	/* procfs_pid.c */
extern const struct proc_entry proc_tid_entries[];	/* procfs_pid.c */
/* /proc/PID/fdinfo/N of the open file f at fd (cloexec: its flag). */
int proc_show_fdinfo(struct sbuf *sb, struct file *f, bool cloexec);

/* /proc/cpuinfo (procfs_cpu.c). */
int proc_show_cpuinfo(struct sbuf *sb, struct process *p, struct task *reader);

/* A file system made of entry tables, as /proc is (sysfs uses it too):
 * root is the entry of its root directory (PROC_ROOT or PROC_DIR). */
int proc_tree_new(const char *fstype, u64 magic, const struct proc_entry *root,
		  struct super_block **sbp, struct inode **rootp);

/* /proc/umk: the files modules registered; /proc/modules (module.c) */
extern struct proc_entry proc_umk_entries[];
int proc_show_modules(struct sbuf *sb, struct process *p, struct task *reader);

/* Parse a decimal fd or pid ("0" but no "01", no sign); -1 if not one. */
int proc_parse_num(const char *s);
/* Escape spaces, tabs, newlines and backslashes as \ooo (/proc/mounts). */
void proc_put_escaped(struct sbuf *sb, const char *s);

#endif
