// SPDX-License-Identifier: GPL-2.0
/*
 * fsdax_refcount: the FS-DAX refcount scenario kconv runs in its guest, on
 * a filesystem mounted with -o dax on emulated pmem (memmap=SIZE!START).
 *
 * It faults PTE- and PMD-sized DAX pages, pins them the way xfstests
 * generic/413 does (O_DIRECT write *from* the DAX mapping into a file on a
 * non-DAX filesystem) and with vmsplice (a pin that stays until the pipe
 * is drained), truncates and punches holes while pinned and after, and
 * checks every pfn it saw is back at the free refcount at the end.
 *
 * A mapped page's refcount is MAPPED_REFCOUNT: the idle refcount where page
 * table entries hold no reference (FS-DAX idle at 1, up to v6.14), one
 * more where they do (FS-DAX free at 0, v6.15 on).
 *
 * Refcounts are read per pfn from /sys/kernel/debug/kconv/kpagerefcount
 * (kconv_pageref.ko): /proc/kpagecount reports the mapcount and reports 0
 * for ZONE_DEVICE pfns, which the output shows as a diagnostic.
 *
 * Output is TAP; nothing here may hang: every blocking step runs on a
 * thread joined with a deadline.
 *
 * Usage: fsdax_refcount DAX_DIR PLAIN_DIR IDLE_REFCOUNT PMEM_START PMEM_SIZE
 *                       [MAPPED_REFCOUNT]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

#define PAGE 4096UL
#define PMD (2UL << 20)
#define PTE_FILE_PAGES 16
#define PMD_FILE_SIZE (2 * PMD)
#define MAX_SEEN 8192

static const char *dax_dir, *plain_dir;
static long idle_ref, mapped_ref;
static uint64_t pmem_first_pfn, pmem_last_pfn;
static int tests_run;
static uint64_t seen[MAX_SEEN];
static int nseen;

/* --- TAP ---------------------------------------------------------------- */

static char failure[512];

static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(failure, sizeof(failure), fmt, ap);
	va_end(ap);
	return -1;
}

static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* 0: pass, -1: fail (reason in failure), 1: skip (reason in failure) */
static void report(const char *name, int rc)
{
	tests_run++;
	if (rc == 0)
		printf("ok %d %s\n", tests_run, name);
	else if (rc > 0)
		printf("ok %d %s # SKIP %s\n", tests_run, name, failure);
	else /* TAP: a test's diagnostics come before its result line */
		printf("# %s: %s\nnot ok %d %s\n", name, failure, tests_run, name);
	fflush(stdout);
}

/* --- pfns and refcounts ------------------------------------------------- */

static uint64_t read_u64(const char *path, uint64_t index)
{
	uint64_t v = ~0ULL;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return ~0ULL;
	if (pread(fd, &v, sizeof(v), index * sizeof(v)) != sizeof(v))
		v = ~0ULL;
	close(fd);
	return v;
}

/* The pfn mapped at addr, 0 if none. */
static uint64_t pfn_of(const void *addr)
{
	uint64_t e = read_u64("/proc/self/pagemap", (uintptr_t)addr / PAGE);

	if (e == ~0ULL || !(e & (1ULL << 63)))
		return 0;
	return e & ((1ULL << 55) - 1);
}

static long refcount_of(uint64_t pfn)
{
	return (long)read_u64("/sys/kernel/debug/kconv/kpagerefcount", pfn);
}

static bool in_pmem(uint64_t pfn)
{
	return pfn >= pmem_first_pfn && pfn <= pmem_last_pfn;
}

static void remember(uint64_t pfn)
{
	for (int i = 0; i < nseen; i++)
		if (seen[i] == pfn)
			return;
	if (nseen < MAX_SEEN)
		seen[nseen++] = pfn;
}

/* Every page of [addr, addr+len) maps a pmem pfn whose refcount is want. */
static int check_refcounts(const char *what, const char *addr, size_t len, long want)
{
	for (size_t off = 0; off < len; off += PAGE) {
		uint64_t pfn = pfn_of(addr + off);

		if (!pfn)
			return fail("%s: page %zu not mapped", what, off / PAGE);
		if (!in_pmem(pfn))
			return fail("%s: page %zu maps pfn %#llx outside the pmem range",
				    what, off / PAGE, (unsigned long long)pfn);
		remember(pfn);
		if (refcount_of(pfn) != want)
			return fail("%s: pfn %#llx refcount %ld, expected %ld", what,
				    (unsigned long long)pfn, refcount_of(pfn), want);
	}
	return 0;
}

/* Names the pmem pfns not at the idle refcount, as diagnostics; returns
 * how many there are (-1: unreadable). */
static int busy_pfns_diag(void)
{
	size_t n = pmem_last_pfn - pmem_first_pfn + 1;
	uint64_t *refs = calloc(n, sizeof(*refs));
	int fd = open("/sys/kernel/debug/kconv/kpagerefcount", O_RDONLY);
	int busy = 0;

	if (!refs || fd < 0 ||
	    pread(fd, refs, n * sizeof(*refs), pmem_first_pfn * sizeof(*refs)) != (ssize_t)(n * sizeof(*refs))) {
		diag("cannot read the pmem refcounts");
		busy = -1;
	} else {
		for (size_t i = 0; i < n; i++) {
			if ((long)refs[i] == idle_ref)
				continue;
			if (busy++ < 8)
				diag("pfn %#llx refcount %lld", (unsigned long long)(pmem_first_pfn + i),
				     (long long)refs[i]);
		}
		diag("%d pmem pfns not at refcount %ld", busy, idle_ref);
	}
	if (fd >= 0)
		close(fd);
	free(refs);
	return busy;
}

/* Why a layout change waiting for idle pages never finished. */
static const char *why_stuck(int busy)
{
	return busy == 0 ? "every pmem page is back at the idle refcount: a missed wakeup"
			 : "pages are still referenced: a page reference leaked";
}

/* --- files and mappings ------------------------------------------------- */

static void fill(char *buf, size_t len, unsigned seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)(seed + i / PAGE + i);
}

static int make_file(const char *dir, const char *name, size_t len, int flags)
{
	char path[256];
	char *buf = malloc(len);
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | flags, 0600);
	if (fd < 0 || !buf) {
		free(buf);
		return -1;
	}
	fill(buf, len, 7);
	if (pwrite(fd, buf, len, 0) != (ssize_t)len || fsync(fd)) {
		close(fd);
		fd = -1;
	}
	free(buf);
	return fd;
}

/* A shared mapping of fd whose address is 2 MiB aligned, so PMD faults can
 * happen (file offset 0 and the address must agree modulo 2 MiB). */
static char *map_aligned(int fd, size_t len)
{
	char *area = mmap(NULL, len + PMD, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *aligned;

	if (area == MAP_FAILED)
		return NULL;
	aligned = (char *)(((uintptr_t)area + PMD - 1) & ~(PMD - 1));
	if (mmap(aligned, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)
		return NULL;
	return aligned;
}

static void touch_pages(const char *addr, size_t len)
{
	volatile char sink;

	for (size_t off = 0; off < len; off += PAGE)
		sink = addr[off];
	(void)sink;
}

/* --- threads with deadlines --------------------------------------------- */

struct op {
	int (*fn)(struct op *);
	int fd;
	off_t off, len;
	int result, err;
	pid_t tid;
};

/* Where a stuck thread waits in the kernel, as diagnostics. */
static void stack_diag(const char *who, pid_t tid)
{
	char path[64], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stack", tid);
	f = fopen(path, "r");
	if (!f)
		return;
	diag("kernel stack of the stuck %s:", who);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		diag("  %s", line);
	}
	fclose(f);
}

static void *op_thread(void *arg)
{
	struct op *op = arg;

	op->tid = gettid();
	op->result = op->fn(op);
	op->err = errno;
	return NULL;
}

static int op_truncate(struct op *op) { return ftruncate(op->fd, op->off); }
static int op_punch(struct op *op)
{
	return fallocate(op->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, op->off, op->len);
}

/* 1: finished within ms, 0: still running */
static int join_within(pthread_t t, long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return pthread_timedjoin_np(t, NULL, &ts) == 0;
}

/* --- the scenario ------------------------------------------------------- */

static int pte_fd = -1, pmd_fd = -1;
static char *pte_map, *pmd_map;

static int test_dax_active(void)
{
	struct statx st;

	pte_fd = make_file(dax_dir, "pte", PTE_FILE_PAGES * PAGE, 0);
	pmd_fd = make_file(dax_dir, "pmd", PMD_FILE_SIZE, 0);
	if (pte_fd < 0 || pmd_fd < 0)
		return fail("cannot create files in %s: %s", dax_dir, strerror(errno));
	if (statx(pte_fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &st))
		return fail("statx: %s", strerror(errno));
	if (!(st.stx_attributes & STATX_ATTR_DAX))
		return fail("%s/pte is not in DAX mode (mount -o dax)", dax_dir);
	if (refcount_of(pmem_first_pfn) == -1)
		return fail("no refcount reader (kconv_pageref.ko not loaded?)");
	return 0;
}

static int test_pte_fault(void)
{
	uint64_t pfn;

	pte_map = mmap(NULL, PTE_FILE_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, pte_fd, 0);
	if (pte_map == MAP_FAILED)
		return fail("mmap: %s", strerror(errno));
	touch_pages(pte_map, PTE_FILE_PAGES * PAGE);
	pfn = pfn_of(pte_map);
	diag("pte page 0: pfn %#llx refcount %ld kpagecount %lld (mapcount; 0 for ZONE_DEVICE)",
	     (unsigned long long)pfn, refcount_of(pfn),
	     (long long)read_u64("/proc/kpagecount", pfn));
	return check_refcounts("mapped pte pages", pte_map, PTE_FILE_PAGES * PAGE, mapped_ref);
}

static int test_pmd_fault(void)
{
	int present = 0;
	uint64_t pfn;

	pmd_map = map_aligned(pmd_fd, PMD_FILE_SIZE);
	if (!pmd_map)
		return fail("mmap: %s", strerror(errno));
	/* One read of the first byte: a PMD fault maps all 512 pages. */
	touch_pages(pmd_map, 1);
	for (size_t off = 0; off < PMD; off += PAGE)
		present += pfn_of(pmd_map + off) != 0;
	pfn = pfn_of(pmd_map);
	diag("pmd fault: %d of 512 pages mapped by one touch, first pfn %#llx", present,
	     (unsigned long long)pfn);
	if (present != 512)
		return fail("one touch mapped %d pages, not a PMD (512)", present);
	if (pfn % 512)
		return fail("PMD-mapped pfn %#llx is not 2 MiB aligned", (unsigned long long)pfn);
	touch_pages(pmd_map, PMD_FILE_SIZE);
	return check_refcounts("mapped pmd pages", pmd_map, PMD_FILE_SIZE, mapped_ref);
}

/* generic/413's pin: O_DIRECT write from the DAX mapping to a non-DAX file. */
static int odirect_copy(const char *name, const char *src, size_t len)
{
	char path[256];
	char *back;
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/%s", plain_dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0600);
	if (fd < 0)
		return fail("open O_DIRECT %s: %s", path, strerror(errno));
	if (write(fd, src, len) != (ssize_t)len)
		rc = fail("O_DIRECT write from the DAX mapping: %s", strerror(errno));
	if (!rc && posix_memalign((void **)&back, PAGE, len) == 0) {
		if (pread(fd, back, len, 0) != (ssize_t)len || memcmp(back, src, len))
			rc = fail("data read back from %s differs from the DAX mapping", path);
		free(back);
	}
	close(fd);
	return rc;
}

static int test_odirect_pte(void)
{
	if (!pte_map)
		return fail("no pte mapping");
	if (odirect_copy("copy-pte", pte_map, PTE_FILE_PAGES * PAGE))
		return -1;
	return check_refcounts("pte pages after O_DIRECT", pte_map, PTE_FILE_PAGES * PAGE, mapped_ref);
}

static int test_odirect_pmd(void)
{
	if (!pmd_map)
		return fail("no pmd mapping");
	if (odirect_copy("copy-pmd", pmd_map, PMD_FILE_SIZE))
		return -1;
	return check_refcounts("pmd pages after O_DIRECT", pmd_map, PMD_FILE_SIZE, mapped_ref);
}

/*
 * Pins `pages` pages at addr with vmsplice, runs op on a thread: it must
 * wait while the pages are pinned (dax_layout_busy_page) and finish once
 * the pipe is drained; the pfns (unmapped by then) must be back at the
 * idle refcount.
 */
static int pinned_layout_change(const char *what, char *addr, int pages, const struct op *tmpl)
{
	struct iovec iov = { addr, pages * PAGE };
	/* Heap, not stack: a thread that never finishes keeps using it. */
	struct op *op = malloc(sizeof(*op));
	uint64_t pfns[16];
	int pipefd[2], rc = 0;
	bool finished;
	pthread_t t;
	char *drain;

	*op = *tmpl;
	for (int i = 0; i < pages; i++)
		remember(pfns[i] = pfn_of(addr + i * PAGE));
	if (pipe(pipefd) || fcntl(pipefd[0], F_SETPIPE_SZ, 1 << 20) < 0)
		return fail("pipe: %s", strerror(errno));
	if (vmsplice(pipefd[1], &iov, 1, 0) != (ssize_t)iov.iov_len)
		rc = fail("vmsplice: %s", strerror(errno));
	for (int i = 0; !rc && i < pages; i++)
		if (refcount_of(pfns[i]) != mapped_ref + 1)
			rc = fail("%s: pinned pfn %#llx refcount %ld, expected %ld", what,
				  (unsigned long long)pfns[i], refcount_of(pfns[i]), mapped_ref + 1);
	pthread_create(&t, NULL, op_thread, op);
	finished = join_within(t, 500);
	if (finished && !rc)
		rc = fail("%s finished while its pages were pinned (rc %d)", what, op->result);
	drain = malloc(iov.iov_len);
	if (read(pipefd[0], drain, iov.iov_len) < 0 && !rc)
		rc = fail("draining the pipe: %s", strerror(errno));
	free(drain);
	close(pipefd[0]);
	close(pipefd[1]);
	if (!finished && !join_within(t, 20000)) {
		int busy = busy_pfns_diag();

		stack_diag(what, op->tid);
		return fail("%s still blocked 20 s after the pin was dropped; %s", what, why_stuck(busy));
	}
	if (!rc && op->result)
		rc = fail("%s: %s", what, strerror(op->err));
	free(op);
	for (int i = 0; !rc && i < pages; i++)
		if (refcount_of(pfns[i]) != idle_ref)
			rc = fail("%s: pfn %#llx refcount %ld after unpin, expected %ld", what,
				  (unsigned long long)pfns[i], refcount_of(pfns[i]), idle_ref);
	return rc;
}

static int test_pin_truncate_pte(void)
{
	struct op op = { .fn = op_truncate, .fd = pte_fd, .off = 0 };

	if (!pte_map)
		return fail("no pte mapping");
	return pinned_layout_change("truncate of a pinned pte-mapped file", pte_map, 4, &op);
}

static int test_pin_punch_pmd(void)
{
	struct op op = { .fn = op_punch, .fd = pmd_fd, .off = 0, .len = PMD };

	if (!pmd_map)
		return fail("no pmd mapping");
	return pinned_layout_change("punch hole under a pinned PMD", pmd_map, 2, &op);
}

/* generic/413-style race: O_DIRECT writes from a DAX mapping while the
 * file is truncated and refilled under it. */
static volatile int racing;

static void *race_writer(void *arg)
{
	int fd = *(int *)arg;
	char path[256];
	int out;

	snprintf(path, sizeof(path), "%s/race-copy", plain_dir);
	out = open(path, O_RDWR | O_CREAT | O_TRUNC | O_DIRECT, 0600);
	while (racing) {
		char *m = mmap(NULL, PMD, PROT_READ, MAP_SHARED, fd, 0);

		if (m == MAP_FAILED)
			continue;
		/* EFAULT/SIGBUS-free by design: a truncated range makes the
		 * write fail or come up short, never hang. */
		if (pwrite(out, m, PMD, 0) > 0)
			for (size_t off = 0; off < PMD; off += 64 * PAGE) {
				uint64_t pfn = pfn_of(m + off);

				if (in_pmem(pfn))
					remember(pfn);
			}
		munmap(m, PMD);
	}
	close(out);
	return NULL;
}

static int race_fd;
static char *race_buf;
static char race_failure[256];

/* Truncates the file under the writer and refills it, 40 times. */
static volatile int race_stage;	/* 1: in ftruncate, 2: in pwrite */
static pid_t race_truncater_tid;

static void *race_truncater(void *arg __attribute__((unused)))
{
	race_truncater_tid = gettid();
	for (int i = 0; i < 40; i++) {
		race_stage = 1;
		if (ftruncate(race_fd, 0))
			race_stage = -1;
		else if ((race_stage = 2) && pwrite(race_fd, race_buf, PMD, 0) != (ssize_t)PMD)
			race_stage = -2;
		if (race_stage < 0) {
			snprintf(race_failure, sizeof(race_failure), "truncate/refill round %d: %s",
				 i, strerror(errno));
			break;
		}
		usleep(10000);
	}
	return NULL;
}

static int test_odirect_race_truncate(void)
{
	pthread_t writer, truncater;

	race_buf = malloc(PMD);
	race_fd = make_file(dax_dir, "race", PMD, 0);
	if (race_fd < 0 || !race_buf)
		return fail("cannot create %s/race", dax_dir);
	fill(race_buf, PMD, 3);
	racing = 1;
	pthread_create(&writer, NULL, race_writer, &race_fd);
	pthread_create(&truncater, NULL, race_truncater, NULL);
	/* Both threads are left behind if they hang: nothing here may wait
	 * on the kernel without a deadline. */
	if (!join_within(truncater, 60000)) {
		racing = 0;
		if (!join_within(writer, 10000))
			return fail("truncate/refill and the O_DIRECT writer both blocked after 60 s");
		if (join_within(truncater, 10000))
			return fail("truncate/refill starved for 60 s while O_DIRECT writes pinned the pages");
		int busy = busy_pfns_diag();

		stack_diag(race_stage == 1 ? "ftruncate" : "refill pwrite", race_truncater_tid);
		return fail("truncate/refill still blocked with the O_DIRECT writer gone; %s",
			    why_stuck(busy));
	}
	racing = 0;
	if (!join_within(writer, 30000))
		return fail("O_DIRECT writer still blocked 30 s after the race ended");
	close(race_fd);
	free(race_buf);
	return race_failure[0] ? fail("%s", race_failure) : 0;
}

static pid_t cleanup_tid;

static void *cleanup_files(void *arg __attribute__((unused)))
{
	char path[256];

	cleanup_tid = gettid();
	if (pte_map)
		munmap(pte_map, PTE_FILE_PAGES * PAGE);
	if (pmd_map)
		munmap(pmd_map, PMD_FILE_SIZE);
	close(pte_fd);
	close(pmd_fd);
	for (const char **n = (const char *[]){ "pte", "pmd", "race", NULL }; *n; n++) {
		snprintf(path, sizeof(path), "%s/%s", dax_dir, *n);
		unlink(path);
	}
	sync();
	return NULL;
}

/* After unmapping and deleting everything, every pfn the scenario saw is
 * free again. */
static int test_all_idle(void)
{
	pthread_t t;
	int busy = 0;

	/* unlink waits for the inode lock a stuck truncate may hold */
	pthread_create(&t, NULL, cleanup_files, NULL);
	if (!join_within(t, 30000)) {
		stack_diag("cleanup", cleanup_tid);
		return fail("unmap/unlink of the test files still blocked after 30 s");
	}
	for (int i = 0; i < nseen; i++) {
		long ref = refcount_of(seen[i]);

		if (ref != idle_ref) {
			if (!busy)
				fail("pfn %#llx refcount %ld after everything was freed, expected %ld",
				     (unsigned long long)seen[i], ref, idle_ref);
			busy++;
		}
	}
	diag("%d distinct pmem pfns seen, %d not back at refcount %ld", nseen, busy, idle_ref);
	if (!nseen)
		return fail("no pmem pfn was ever seen");
	return busy ? -1 : 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(void);
	} tests[] = {
		{ "dax_mount_active", test_dax_active },
		{ "pte_fault_refcount", test_pte_fault },
		{ "pmd_fault_refcount", test_pmd_fault },
		{ "odirect_from_pte_mapping", test_odirect_pte },
		{ "odirect_from_pmd_mapping", test_odirect_pmd },
		{ "truncate_while_pinned_pte", test_pin_truncate_pte },
		{ "punch_hole_while_pinned_pmd", test_pin_punch_pmd },
		{ "odirect_racing_truncate", test_odirect_race_truncate },
		{ "all_pfns_idle_after_free", test_all_idle },
	};
	const int n = sizeof(tests) / sizeof(tests[0]);

	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: %s DAX_DIR PLAIN_DIR IDLE_REFCOUNT PMEM_START PMEM_SIZE [MAPPED_REFCOUNT]\n",
			argv[0]);
		return 2;
	}
	dax_dir = argv[1];
	plain_dir = argv[2];
	idle_ref = strtol(argv[3], NULL, 0);
	pmem_first_pfn = strtoull(argv[4], NULL, 0) / PAGE;
	pmem_last_pfn = pmem_first_pfn + strtoull(argv[5], NULL, 0) / PAGE - 1;
	mapped_ref = argc == 7 ? strtol(argv[6], NULL, 0) : idle_ref;

	printf("TAP version 13\n1..%d\n", n);
	diag("fs-dax free-page refcount checked: %ld, mapped: %ld", idle_ref, mapped_ref);
	for (int i = 0; i < n; i++) {
		failure[0] = 0;
		report(tests[i].name, tests[i].fn());
	}
	return 0;
}
