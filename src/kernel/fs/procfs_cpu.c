// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * procfs: /proc/cpuinfo, from the CPUID instruction.
 *
 * umk runs on the host's CPU and so do its guests, which can execute
 * CPUID themselves: umk asks the same questions (no host file is read)
 * and prints the answers in Linux's format, flags in Linux's order.  host_ncpus() processors,
 * each with the vendor, family, model, stepping, model name, cache size,
 * CLFLUSH line size, address sizes and the feature flags that CPUID
 * reports, with Linux's names.  What Linux derives or measures itself
 * (constant_tsc and the other synthetic flags, bugs, cpu MHz, bogomips,
 * microcode) is left out rather than made up.
 */
#include "kernel.h"
#include "task.h"
#include "fs/procfs.h"

struct cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

static void cpuid(u32 leaf, u32 sub, struct cpuid_regs *r)
{
	__asm__ volatile("cpuid"
			 : "=a"(r->eax), "=b"(r->ebx), "=c"(r->ecx), "=d"(r->edx)
			 : "a"(leaf), "c"(sub));
}

/* Linux's names for CPUID feature bits (arch/x86/include/asm/cpufeatures.h):
 * 32 entries per register, NULL for bits it does not show. */
static const char *const leaf1_edx[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic",
	NULL, "sep", "mtrr", "pge", "mca", "cmov", "pat", "pse36", "pn",
	"clflush", NULL, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht",
	"tm", "ia64", "pbe",
};
static const char *const leaf1_ecx[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est",
	"tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL,
	"pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
	"tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c", "rdrand",
	"hypervisor",
};
static const char *const ext1_edx[32] = {
	[11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext",
	[25] = "fxsr_opt", [26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm",
	[30] = "3dnowext", [31] = "3dnow",
};
static const char *const ext1_ecx[32] = {
	"lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm",
	"sse4a", "misalignsse", "3dnowprefetch", "osvw", "ibs", "xop",
	"skinit", "wdt", NULL, "lwp", "fma4", "tce", NULL, "nodeid_msr", NULL,
	"tbm", "topoext", "perfctr_core", "perfctr_nb", NULL, "bpext", "ptsc",
	"perfctr_llc", "mwaitx",
};
static const char *const leaf7_ebx[32] = {
	"fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", NULL, "smep",
	"bmi2", "erms", "invpcid", "rtm", "cqm", NULL, "mpx", "rdt_a",
	"avx512f", "avx512dq", "rdseed", "adx", "smap", "avx512ifma", NULL,
	"clflushopt", "clwb", "intel_pt", "avx512pf", "avx512er", "avx512cd",
	"sha_ni", "avx512bw", "avx512vl",
};
static const char *const leaf7_ecx[32] = {
	[1] = "avx512vbmi", [2] = "umip", [3] = "pku", [4] = "ospke",
	[5] = "waitpkg", [6] = "avx512_vbmi2", [8] = "gfni", [9] = "vaes",
	[10] = "vpclmulqdq", [11] = "avx512_vnni", [12] = "avx512_bitalg",
	[13] = "tme", [14] = "avx512_vpopcntdq", [16] = "la57",
	[22] = "rdpid", [25] = "cldemote", [27] = "movdiri",
	[28] = "movdir64b", [29] = "enqcmd",
};
static const char *const leaf7_edx[32] = {
	[2] = "avx512_4vnniw", [3] = "avx512_4fmaps", [4] = "fsrm",
	[8] = "avx512_vp2intersect", [10] = "md_clear", [14] = "serialize",
	[16] = "tsxldtrk", [18] = "pconfig", [19] = "arch_lbr", [20] = "ibt",
	[22] = "amx_bf16", [23] = "avx512_fp16", [24] = "amx_tile",
	[25] = "amx_int8", [28] = "flush_l1d", [29] = "arch_capabilities",
};
static const char *const leaf7_1_eax[32] = {
	[4] = "avx_vnni", [5] = "avx512_bf16",
};
static const char *const ext8_ebx[32] = {
	[0] = "clzero", [1] = "irperf", [2] = "xsaveerptr", [4] = "rdpru",
	[9] = "wbnoinvd",
};
static const char *const leafd_1_eax[32] = {
	"xsaveopt", "xsavec", "xgetbv1", "xsaves",
};

static void put_flags(struct sbuf *sb, const char *const names[32], u32 bits)
{
	for (int i = 0; i < 32; i++)
		if ((bits & (1U << i)) && names[i])
			sbuf_printf(sb, " %s", names[i]);
}

/* The last level cache in KiB: CPUID 4 (Intel) or 0x80000006 (AMD). */
static u32 cache_kib(bool amd, u32 max, u32 max_ext)
{
	struct cpuid_regs r;
	u64 best = 0;

	if (!amd && max >= 4) {
		for (u32 i = 0; i < 16; i++) {
			cpuid(4, i, &r);
			if (!(r.eax & 0x1f))
				break;
			u64 size = (u64)((r.ebx >> 22) + 1) *
				   (((r.ebx >> 12) & 0x3ff) + 1) *
				   ((r.ebx & 0xfff) + 1) * ((u64)r.ecx + 1);
			if (size > best)
				best = size;
		}
		if (best)
			return best / 1024;
	}
	if (max_ext >= 0x80000006) {
		cpuid(0x80000006, 0, &r);
		return r.ecx >> 16;	/* L2, as Linux shows on AMD */
	}
	return 0;
}

int proc_show_cpuinfo(struct sbuf *sb, struct process *p, struct task *rd)
{
	struct cpuid_regs r, l1, l7 = { 0 }, l7_1 = { 0 }, ld_1 = { 0 };
	struct cpuid_regs e1 = { 0 }, e8 = { 0 };
	char vendor[13], name[49], *np = name;
	u32 max, max_ext, family, model, stepping, kib;
	int i, n = host_ncpus();
	bool amd;

	cpuid(0, 0, &r);
	max = r.eax;
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = 0;
	amd = !strcmp(vendor, "AuthenticAMD") || !strcmp(vendor, "HygonGenuine");
	cpuid(1, 0, &l1);
	if (max >= 7) {
		cpuid(7, 0, &l7);
		if (l7.eax >= 1)
			cpuid(7, 1, &l7_1);
	}
	if (max >= 0xd)
		cpuid(0xd, 1, &ld_1);
	cpuid(0x80000000, 0, &r);
	max_ext = r.eax;
	if (max_ext >= 0x80000001)
		cpuid(0x80000001, 0, &e1);
	if (max_ext >= 0x80000008)
		cpuid(0x80000008, 0, &e8);
	name[0] = 0;
	if (max_ext >= 0x80000004) {
		for (u32 leaf = 0x80000002; leaf <= 0x80000004; leaf++) {
			cpuid(leaf, 0, &r);
			memcpy(name + (leaf - 0x80000002) * 16, &r, 16);
		}
		name[48] = 0;
		while (*np == ' ')
			np++;
	}
	family = (l1.eax >> 8) & 0xf;
	model = (l1.eax >> 4) & 0xf;
	stepping = l1.eax & 0xf;
	if (family == 0xf)
		family += (l1.eax >> 20) & 0xff;
	if (family >= 6)
		model |= ((l1.eax >> 16) & 0xf) << 4;
	kib = cache_kib(amd, max, max_ext);

	for (i = 0; i < n; i++) {
		sbuf_printf(sb, "processor\t: %d\nvendor_id\t: %s\n"
			    "cpu family\t: %u\nmodel\t\t: %u\nmodel name\t: %s\n"
			    "stepping\t: %u\n", i, vendor, family, model,
			    *np ? np : "unknown", stepping);
		if (kib)
			sbuf_printf(sb, "cache size\t: %u KB\n", kib);
		sbuf_printf(sb, "physical id\t: 0\nsiblings\t: %d\ncore id\t\t: %d\n"
			    "cpu cores\t: %d\napicid\t\t: %d\ninitial apicid\t: %d\n"
			    "fpu\t\t: yes\nfpu_exception\t: yes\n"
			    "cpuid level\t: %u\nwp\t\t: yes\nflags\t\t:",
			    n, i, n, i, i, max);
		put_flags(sb, leaf1_edx, l1.edx);
		put_flags(sb, ext1_edx, e1.edx);
		put_flags(sb, leaf1_ecx, l1.ecx);
		put_flags(sb, ext1_ecx, e1.ecx);
		put_flags(sb, leaf7_ebx, l7.ebx);
		put_flags(sb, leafd_1_eax, ld_1.eax);
		put_flags(sb, leaf7_1_eax, l7_1.eax);
		put_flags(sb, ext8_ebx, e8.ebx);
		put_flags(sb, leaf7_ecx, l7.ecx);
		put_flags(sb, leaf7_edx, l7.edx);
		sbuf_printf(sb, "\nclflush size\t: %u\ncache_alignment\t: %u\n",
			    ((l1.ebx >> 8) & 0xff) * 8, ((l1.ebx >> 8) & 0xff) * 8);
		if (e8.eax)
			sbuf_printf(sb, "address sizes\t: %u bits physical, "
				    "%u bits virtual\n", e8.eax & 0xff,
				    (e8.eax >> 8) & 0xff);
		sbuf_printf(sb, "power management:\n\n");
	}
	return 0;
}
