// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Modules: drivers loaded as shared objects, at boot only.
 *
 * The host side (src/sandbox/modules.c) dlopen()s each module of the
 * command line and /etc/umk/modules.conf before umk confines itself and
 * checks its struct umk_module; modules_boot() calls each init(api) once
 * the file systems are up, before init runs.  The api table
 * (src/include/umk/module.h) is all a module sees of umk: it registers
 *   - character devices: /dev/NAME in devfs, major 240, one minor each;
 *     opening any node of that number reaches the module's ops through a
 *     kernel bounce buffer (module code never sees a uio or a guest page);
 *   - /proc/umk/NAME files, generated on open by the module's show();
 * and logs.  Registration never fails half-way, and nothing is ever
 * unregistered: modules are never unloaded (delete_module is EPERM,
 * or EBUSY with -U), so whatever a module registered stays valid.
 *
 * After boot umk is sealed: init_module and finit_module are EPERM (as
 * Linux with modules_disabled), and umk's seccomp filter forbids the
 * executable mappings loading would need.  `umk run -U` keeps loading
 * open for kernel development: guest root may then finit_module(2) (or
 * init_module(2)) a umk module file; umk reads it, the host side copies it
 * into a memfd and dlopen()s /proc/self/fd/N of it, and init runs at once,
 * in umk, outside every guest check.  A module whose init fails stays loaded,
 * listed as "Failed" in /proc/modules, with whatever it registered.
 *
 * /proc/modules lists the loaded modules in Linux's format (lsmod).
 *
 * Everything here runs with the kernel lock held.
 */
#include "kernel.h"
#include "mm.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "module.h"
#include "vfs/vfs.h"
#include "vfs/fsnotify.h"
#include "fs/procfs.h"

#define MODULES_MAX		64
#define MODULE_CHRDEVS_MAX	64
#define MODULE_PROCS_MAX	64
#define MODULE_IO_MAX		(64 << 10)	/* bounce buffer per read/write */
#define MODULE_IMAGE_MAX	(64 << 20)	/* init_module, finit_module */

/* finit_module flags (Linux's include/uapi/linux/module.h) */
#define MODULE_INIT_IGNORE_MODVERSIONS	1
#define MODULE_INIT_IGNORE_VERMAGIC	2
#define MODULE_INIT_COMPRESSED_FILE	4

struct kmodule {
	const struct umk_module *m;
	bool failed;		/* init returned an error */
};

struct mod_chrdev {
	char name[UMK_MODULE_NAME_MAX + 1];
	const struct umk_chrdev_ops *ops;
	void *dev;
	struct kmodule *owner;
};

struct mod_proc {
	char name[UMK_MODULE_NAME_MAX + 1];
	int (*show)(struct umk_seq *s, void *priv);
	void *priv;
	struct kmodule *owner;
};

static struct kmodule modules[MODULES_MAX];
static int nmodules;
static struct mod_chrdev chrdevs[MODULE_CHRDEVS_MAX];
static int nchrdevs;
static struct mod_proc procs[MODULE_PROCS_MAX];
/* /proc/umk's entries: procs[i] is proc_umk_entries[i]; procfs reads it
 * as a table ended by an entry without name (procfs_sys.c). */
struct proc_entry proc_umk_entries[MODULE_PROCS_MAX + 1];
static int nprocs_mod;
/* The module whose code is running (for log's prefix), or NULL. */
static struct kmodule *running;

/* ---- the api table ---- */

static void api_log(const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_info("%s: %s", running ? running->m->name : "module", msg);
}

static int api_register_chrdev(const char *name, u32 mode, const struct umk_chrdev_ops *ops,
			       void *dev)
{
	struct mod_chrdev *cd;
	int err;

	if (!running || !umk_module_name_ok(name) || !ops || (mode & ~0777u))
		return -EINVAL;
	for (int i = 0; i < nchrdevs; i++)
		if (!strcmp(chrdevs[i].name, name))
			return -EEXIST;
	if (nchrdevs == MODULE_CHRDEVS_MAX)
		return -ENOSPC;
	cd = &chrdevs[nchrdevs];
	err = devfs_add_node(name, S_IFCHR | mode, vfs_mkdev(MODULE_CHRDEV_MAJOR, nchrdevs));
	if (err)
		return err;
	memcpy(cd->name, name, strlen(name) + 1);
	cd->ops = ops;
	cd->dev = dev;
	cd->owner = running;
	pr_info("%s: /dev/%s (%d:%d)", running->m->name, name, MODULE_CHRDEV_MAJOR, nchrdevs);
	nchrdevs++;
	return 0;
}

static int show_module_proc(struct sbuf *sb, const struct proc_entry *ent)
{
	struct mod_proc *mp = &procs[ent - proc_umk_entries];
	struct kmodule *was = running;
	int err;

	running = mp->owner;
	err = mp->show((struct umk_seq *)sb, mp->priv);
	running = was;
	return err;
}

static int api_register_proc(const char *name, int (*show)(struct umk_seq *s, void *priv),
			     void *priv)
{
	struct mod_proc *mp;

	if (!running || !umk_module_name_ok(name) || !show)
		return -EINVAL;
	for (int i = 0; i < nprocs_mod; i++)
		if (!strcmp(procs[i].name, name))
			return -EEXIST;
	if (nprocs_mod == MODULE_PROCS_MAX)
		return -ENOSPC;
	mp = &procs[nprocs_mod];
	memcpy(mp->name, name, strlen(name) + 1);
	mp->show = show;
	mp->priv = priv;
	mp->owner = running;
	proc_umk_entries[nprocs_mod] = (struct proc_entry){
		.name = mp->name, .mode = S_IFREG | 0444, .kind = PROC_FILE,
		.show_entry = show_module_proc,
	};
	nprocs_mod++;
	pr_info("%s: /proc/umk/%s", running->m->name, name);
	return 0;
}

static void api_seq_printf(struct umk_seq *s, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < (int)sizeof(buf)) {
		sbuf_append((struct sbuf *)s, buf, n);
		return;
	}
	/* longer than the stack buffer: once more, into the heap */
	char *big = kmalloc(n + 1);

	if (!big) {
		((struct sbuf *)s)->overflow = true;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, n + 1, fmt, ap);
	va_end(ap);
	sbuf_append((struct sbuf *)s, big, n);
	kfree(big);
}

static int api_copy_from_user(void *dst, u64 src, size_t n)
{
	return current ? copy_from_user(current, dst, UPTR(src), n) : -EFAULT;
}

static int api_copy_to_user(u64 dst, const void *src, size_t n)
{
	return current ? copy_to_user(current, UPTR(dst), src, n) : -EFAULT;
}

static void *api_memcpy(void *dst, const void *src, size_t n)
{
	return memcpy(dst, src, n);
}

static void *api_memset(void *s, int c, size_t n)
{
	return memset(s, c, n);
}

static size_t api_strlen(const char *s)
{
	return strlen(s);
}

static void api_stats(struct umk_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->uptime_ns = host_monotonic_ns() - boot_ns();
	st->mem_total = phys_total_frames() * PAGE_SIZE;
	st->mem_free = phys_free_frames() * PAGE_SIZE;
	st->processes = process_count();
	st->modules = nmodules;
}

static const struct umk_module_api api = {
	.abi = UMK_MODULE_ABI,
	.size = sizeof(struct umk_module_api),
	.version = UMK_VERSION,
	.log = api_log,
	.register_chrdev = api_register_chrdev,
	.register_proc = api_register_proc,
	.seq_printf = api_seq_printf,
	.copy_from_user = api_copy_from_user,
	.copy_to_user = api_copy_to_user,
	.snprintf = snprintf,
	.memcpy = api_memcpy,
	.memset = api_memset,
	.strlen = api_strlen,
	.malloc = host_malloc,
	.free = host_free,
	.stats = api_stats,
};

/* ---- starting a module ---- */

/* Add m and run its init: 0 or its -errno (it stays loaded either way;
 * the caller says why); -EEXIST (not added) when a module of its name is
 * loaded. */
static int module_start(const struct umk_module *m)
{
	struct kmodule *km, *was = running;
	int err;

	if (m->abi != UMK_MODULE_ABI || !umk_module_name_ok(m->name) || !m->init)
		return -ENOEXEC;	/* the host side checked; never trust twice */
	for (int i = 0; i < nmodules; i++)
		if (!strcmp(modules[i].m->name, m->name))
			return -EEXIST;
	if (nmodules == MODULES_MAX)
		return -ENOMEM;
	km = &modules[nmodules++];
	km->m = m;
	running = km;
	err = m->init(&api);
	running = was;
	if (err > 0 || err < -4095)
		err = -EINVAL;	/* not an errno */
	km->failed = err != 0;
	if (!err)
		pr_info("module %s loaded%s%s", m->name, m->description ? ": " : "",
			m->description ? m->description : "");
	return err;
}

int modules_boot(const struct umk_boot *b)
{
	for (int i = 0; i < b->nmodules; i++) {
		int err = module_start(b->modules[i]);

		if (err == -EEXIST)
			pr_err("module %s: loaded twice", b->modules[i]->name);
		else if (err)
			pr_err("module %s (%s): init failed: %s", b->modules[i]->name,
			       b->module_paths[i], errno_name(-err));
		if (err)
			return UMK_BOOT_BAD_MODULE;
	}
	return 0;
}

/* ---- /proc/modules ---- */

int proc_show_modules(struct sbuf *sb, struct process *p, struct task *reader)
{
	for (int i = 0; i < nmodules; i++)
		sbuf_printf(sb, "%s 0 0 - %s 0x0000000000000000\n", modules[i].m->name,
			    modules[i].failed ? "Failed" : "Live");
	return 0;
}

/* ---- character devices of modules ---- */

struct mod_open {
	struct umk_mod_file mf;		/* first: what the driver sees */
	struct mod_chrdev *cd;
};

static struct mod_open *MO(struct file *f)
{
	return f->priv;
}

/* Call into cd's module: running says whose code runs. */
#define MOD_CALL(cd, expr)                                                              \
	({                                                                              \
		struct kmodule *was_ = running;                                         \
		running = (cd)->owner;                                                  \
		__auto_type ret_ = (expr);                                              \
		running = was_;                                                         \
		ret_;                                                                   \
	})

static long mod_read(struct file *f, struct uio *u, s64 *pos)
{
	struct mod_open *mo = MO(f);
	size_t len = MIN(u->len, (size_t)MODULE_IO_MAX);
	char *buf;
	long n;

	if (!mo->cd->ops->read)
		return -EINVAL;
	if (!len)
		return 0;
	buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	n = MOD_CALL(mo->cd, mo->cd->ops->read(&mo->mf, buf, len, pos));
	if (n > (long)len)
		n = -EIO;	/* a driver that says it read more than it could */
	if (n > 0)
		n = uio_copy_out(u, 0, buf, n);
	kfree(buf);
	return n;
}

static long mod_write(struct file *f, struct uio *u, s64 *pos)
{
	struct mod_open *mo = MO(f);
	size_t done = 0;
	char *buf;
	long n = 0;

	if (!mo->cd->ops->write)
		return -EINVAL;
	buf = kmalloc(MIN(u->len, (size_t)MODULE_IO_MAX) + 1);
	if (!buf)
		return -ENOMEM;
	while (done < u->len) {
		size_t len = uio_copy_in(u, done, buf, MIN(u->len - done,
							   (size_t)MODULE_IO_MAX));

		n = MOD_CALL(mo->cd, mo->cd->ops->write(&mo->mf, buf, len, pos));
		if (n > (long)len)
			n = -EIO;
		if (n <= 0)
			break;
		done += n;
		if ((size_t)n < len)
			break;
	}
	kfree(buf);
	return done ? (long)done : n;
}

static long mod_ioctl(struct task *t, struct file *f, unsigned cmd, u64 arg)
{
	struct mod_open *mo = MO(f);

	if (!mo->cd->ops->ioctl)
		return -ENOTTY;
	return MOD_CALL(mo->cd, mo->cd->ops->ioctl(&mo->mf, cmd, arg));
}

static s64 mod_llseek(struct file *f, s64 off, int whence)
{
	return generic_llseek(f, off, whence, 0);
}

static void mod_release(struct file *f)
{
	struct mod_open *mo = MO(f);

	if (!mo)
		return;
	if (mo->cd->ops->release) {
		struct kmodule *was = running;

		running = mo->cd->owner;
		mo->cd->ops->release(&mo->mf);
		running = was;
	}
	kfree(mo);
}

static const struct file_ops mod_fops = {
	.read = mod_read,
	.write = mod_write,
	.ioctl = mod_ioctl,
	.llseek = mod_llseek,
	.release = mod_release,
};

int module_chrdev_open(u32 minor, struct file *f)
{
	struct mod_chrdev *cd;
	struct mod_open *mo;
	int err = 0;

	if (minor >= (u32)nchrdevs)
		return -ENXIO;
	cd = &chrdevs[minor];
	mo = kzalloc(sizeof(*mo));
	if (!mo)
		return -ENOMEM;
	mo->cd = cd;
	mo->mf.dev = cd->dev;
	mo->mf.flags = f->flags;
	if (cd->ops->open)
		err = MOD_CALL(cd, cd->ops->open(&mo->mf));
	if (err > 0 || err < -4095)
		err = -EIO;
	if (err) {
		kfree(mo);
		return err;
	}
	f->priv = mo;
	f->fop = &mod_fops;
	return 0;
}

/* ---- init_module, finit_module, delete_module ---- */

/* Sealed after boot; with -U, for the guest's root only (no CAP_SYS_MODULE
 * otherwise). */
static int may_load(struct task *t)
{
	if (!boot_params->modules_open)
		return -EPERM;
	if (t->proc->cred.euid != 0)
		return -EPERM;
	return 0;
}

/* The module image (len bytes at buf), loaded by the host side and
 * started.  params: what the guest passed (must be empty: umk modules take
 * no parameters). */
static long load_image(struct task *t, const void *buf, size_t len, struct uptr params)
{
	const struct umk_module *m;
	char why[200], p[2];
	long ret;

	ret = strncpy_from_user(t, p, params, sizeof(p));
	if (ret < 0 && ret != -ENAMETOOLONG)
		return ret;
	if (ret != 0) {
		pr_warn("module loading: parameters given; umk modules take none");
		return -EINVAL;
	}
	why[0] = 0;
	ret = host_module_load(buf, len, &m, why, sizeof(why));
	if (ret) {
		pr_warn("module loading (pid %d): %s", task_pid(t), why);
		return ret;
	}
	pr_notice("module %s: loaded by guest root (pid %d) under -U", m->name, task_pid(t));
	ret = module_start(m);
	if (ret == -EEXIST)	/* (it stays mapped, unused) */
		pr_warn("module %s: already loaded", m->name);
	else if (ret)
		pr_warn("module %s: init failed: %s", m->name, errno_name(-ret));
	return ret;
}

/* init_module(image, len, params) */
long sys_init_module(struct task *t, const struct sysargs *a)
{
	size_t len = a->a[1];
	void *buf;
	long ret;

	ret = may_load(t);
	if (ret)
		return ret;
	if (len == 0 || len > MODULE_IMAGE_MAX)
		return len ? -EFBIG : -ENOEXEC;
	buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	ret = copy_from_user(t, buf, UPTR(a->a[0]), len);
	if (!ret)
		ret = load_image(t, buf, len, UPTR(a->a[2]));
	kfree(buf);
	return ret;
}

/* finit_module(fd, params, flags) */
long sys_finit_module(struct task *t, const struct sysargs *a)
{
	int fd = a->a[0];
	unsigned flags = a->a[2];
	struct file *f;
	void *buf = NULL;
	s64 size, done;
	long ret;

	ret = may_load(t);
	if (ret)
		return ret;
	if (flags & ~(MODULE_INIT_IGNORE_MODVERSIONS | MODULE_INIT_IGNORE_VERMAGIC |
		      MODULE_INIT_COMPRESSED_FILE))
		return -EINVAL;
	if (flags & MODULE_INIT_COMPRESSED_FILE)
		return -EOPNOTSUPP;
	f = fd_get(t, fd);
	if (!f)
		return -EBADF;
	ret = -EBADF;
	if (!(f->fmode & FMODE_READ))
		goto out_file;
	ret = -EINVAL;
	if (!f->inode || !S_ISREG(f->inode->mode))
		goto out_file;
	size = f->inode->size;
	ret = size > MODULE_IMAGE_MAX ? -EFBIG : -ENOEXEC;
	if (size <= 0 || size > MODULE_IMAGE_MAX)
		goto out_file;
	ret = -ENOMEM;
	buf = kmalloc(size);
	if (!buf)
		goto out_file;
	for (done = 0; done < size; done += ret) {
		ret = vfs_kernel_read(f, (char *)buf + done, size - done, done);
		if (ret <= 0)
			break;
	}
	if (ret >= 0)	/* (a file that shrank meanwhile: what there was) */
		ret = done ? load_image(t, buf, done, UPTR(a->a[1])) : -ENOEXEC;
	kfree(buf);
out_file:
	file_put(f);
	return ret;
}

/* delete_module(name, flags): modules are never unloaded. */
long sys_delete_module(struct task *t, const struct sysargs *a)
{
	char name[UMK_MODULE_NAME_MAX + 1];
	long ret;

	ret = may_load(t);
	if (ret)
		return ret;
	ret = strncpy_from_user(t, name, UPTR(a->a[0]), sizeof(name));
	if (ret == -ENAMETOOLONG)
		return -ENOENT;	/* longer than any module's name */
	if (ret < 0)
		return ret;
	for (int i = 0; i < nmodules; i++)
		if (!strcmp(modules[i].m->name, name))
			return -EBUSY;
	return -ENOENT;
}
